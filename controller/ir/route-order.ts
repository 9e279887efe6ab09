// Gateway API match precedence. Envoy takes the first route that matches, so
// routes are emitted in this order:
//   1. path: Exact, then RegularExpression (implementation-specific: Envoy
//      Gateway's choice), then PathPrefix; longer values first;
//   2. a method match before none;
//   3. more header matches first, then more query parameter matches;
//   4. then by route namespace/name (manifests from files carry no creation
//      time), then rule and match order within a route.
import { compareStrings } from "../diagnostics.ts";
import type { RouteMatch } from "./types.ts";

export interface RankedMatch {
  match: RouteMatch;
  namespace: string;
  routeName: string;
  rule: number;
  matchIndex: number;
}

const PATH_RANK = { Exact: 0, RegularExpression: 1, PathPrefix: 2 };

export function comparePrecedence(a: RankedMatch, b: RankedMatch): number {
  return (
    PATH_RANK[a.match.path.type] - PATH_RANK[b.match.path.type] ||
    b.match.path.value.length - a.match.path.value.length ||
    Number(b.match.method !== undefined) - Number(a.match.method !== undefined) ||
    b.match.headers.length - a.match.headers.length ||
    b.match.queryParams.length - a.match.queryParams.length ||
    compareStrings(a.namespace, b.namespace) ||
    compareStrings(a.routeName, b.routeName) ||
    a.rule - b.rule ||
    a.matchIndex - b.matchIndex
  );
}
