// HTTPRoute rule matches: path (Exact, PathPrefix, RegularExpression),
// headers, query parameters and method, all of which must hold at once.
import { child, readEnum, readList, readMapping, readOptionalEnum, readRecord, readString, rejectUnknownFields, type Report } from "./fields.ts";
import { HEADER_NAME } from "./llm-endpoint.ts";
import { re2Problem } from "./re2-syntax.ts";
import type { PathMatch, RouteMatch, ValueMatch } from "./resources.ts";

// A path Envoy matches literally: no query, fragment, spaces or control characters.
const MATCH_PATH = /^\/[^?#\s\u0000-\u001f\u007f]*$/;
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"] as const;
// Gateway API limits per match.
const MAX_VALUE_MATCHES = 16;

export function readRouteMatch(value: unknown, field: string, report: Report): RouteMatch | undefined {
  const item = readMapping(value, ["path", "headers", "queryParams", "method"], field, report);
  if (!item) return undefined;
  const path = readPathMatch(item.path, child(field, "path"), report);
  const method = readOptionalEnum(item.method, METHODS, child(field, "method"), report);
  const headers = readValueMatches(item.headers, child(field, "headers"), report, "header");
  const queryParams = readValueMatches(item.queryParams, child(field, "queryParams"), report, "query");
  return path && { path, ...(method ? { method } : {}), headers, queryParams };
}

function readPathMatch(value: unknown, field: string, report: Report): PathMatch | undefined {
  const path = readRecord(value, field, report, false) ?? {};
  rejectUnknownFields(path, ["type", "value"], field, report);
  const type = readEnum(path.type, ["PathPrefix", "Exact", "RegularExpression"], child(field, "type"), report, "PathPrefix");
  const pathValue = readString(path.value, child(field, "value"), report, false) ?? "/";
  if (type === undefined) return undefined;
  const problem = type === "RegularExpression" ? re2Problem(pathValue) : MATCH_PATH.test(pathValue) ? undefined
    : 'must start with "/" and hold no query, fragment, spaces or control characters';
  if (problem) {
    report(child(field, "value"), problem);
    return undefined;
  }
  return { type, value: pathValue };
}

function readValueMatches(value: unknown, field: string, report: Report, what: "header" | "query"): ValueMatch[] {
  const list = readList(value, field, report);
  if (list.length > MAX_VALUE_MATCHES) report(field, `must hold at most ${MAX_VALUE_MATCHES} items`);
  const matches = list.flatMap((item, i) => readValueMatch(item, child(field, i), report, what) ?? []);
  const names = matches.map((m) => m.name);
  names.forEach((name, i) => {
    // The Gateway API keeps only the first match of a name; a second one is a mistake to point at.
    if (names.indexOf(name) !== i) report(child(field, i), `matches ${what} ${name} a second time`);
  });
  return matches;
}

/** A header or query parameter match: `{type: Exact | RegularExpression, name, value}`. */
export function readValueMatch(value: unknown, field: string, report: Report, what: "header" | "query"): ValueMatch | undefined {
  const item = readMapping(value, ["type", "name", "value"], field, report);
  if (!item) return undefined;
  const type = readEnum(item.type, ["Exact", "RegularExpression"], child(field, "type"), report, "Exact");
  const name = readString(item.name, child(field, "name"), report, true);
  const matchValue = readString(item.value, child(field, "value"), report, true);
  if (name !== undefined && !HEADER_NAME.test(name)) report(child(field, "name"), `is not a valid ${what === "header" ? "HTTP header" : "query parameter"} name`);
  const problem = matchValue === undefined ? undefined : type === "RegularExpression" ? re2Problem(matchValue)
    : /[\u0000-\u001f\u007f]/.test(matchValue) ? "must not contain control characters" : undefined;
  if (problem) report(child(field, "value"), problem);
  if (type === undefined || name === undefined || matchValue === undefined || problem) return undefined;
  // Header names are case-insensitive (Envoy keeps them lower case); query parameter names are not.
  return { type, name: what === "header" ? name.toLowerCase() : name, value: matchValue };
}
