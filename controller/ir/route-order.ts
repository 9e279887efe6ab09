// Gateway API match precedence. Envoy takes the first route that matches, so
// routes are emitted in this order: Exact before PathPrefix, longer paths
// first, then by route namespace/name (manifests from files carry no creation
// time), then rule and match order within a route.
import { compareStrings } from "../diagnostics.ts";
import type { PathMatch } from "./types.ts";

export interface RankedMatch {
  match: PathMatch;
  namespace: string;
  routeName: string;
  rule: number;
  matchIndex: number;
}

export function comparePrecedence(a: RankedMatch, b: RankedMatch): number {
  return (
    typeRank(a.match) - typeRank(b.match) ||
    b.match.value.length - a.match.value.length ||
    compareStrings(a.namespace, b.namespace) ||
    compareStrings(a.routeName, b.routeName) ||
    a.rule - b.rule ||
    a.matchIndex - b.matchIndex
  );
}

function typeRank(match: PathMatch): number {
  return match.type === "Exact" ? 0 : 1;
}
