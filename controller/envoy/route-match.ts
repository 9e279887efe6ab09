// A route's match in Envoy terms: path, method, headers, query parameters,
// and, for weighted splits, the share of the random draw it takes.
import type { PathMatch, Route, ValueMatch } from "../ir/types.ts";

export function renderMatch(route: Route): object {
  const { match, split } = route;
  const headers = [
    ...(match.method ? [{ name: ":method", string_match: { exact: match.method } }] : []),
    ...match.headers.map((h) => ({ name: h.name, string_match: stringMatch(h) })),
  ];
  return {
    ...renderPath(match.path),
    ...(headers.length > 0 ? { headers } : {}),
    ...(match.queryParams.length > 0
      ? { query_parameters: match.queryParams.map((q) => ({ name: q.name, string_match: stringMatch(q) })) }
      : {}),
    // See ir/weighted-split.ts. The runtime key is never set, so the default applies.
    ...(split
      ? { runtime_fraction: { default_value: { numerator: split.upTo, denominator: "MILLION" }, runtime_key: `weir.split.${route.name}` } }
      : {}),
  };
}

// Gateway API PathPrefix matches whole path segments ("/v1" matches "/v1" and
// "/v1/chat", not "/v1x") and ignores a trailing "/": that is Envoy's
// path_separated_prefix, which itself takes no trailing "/", so "/" stays a
// plain prefix. RegularExpression matches the whole path, in RE2.
function renderPath(path: PathMatch): object {
  if (path.type === "Exact") return { path: path.value };
  if (path.type === "RegularExpression") return { safe_regex: { regex: path.value } };
  const prefix = path.value.replace(/\/+$/, "");
  return prefix === "" ? { prefix: "/" } : { path_separated_prefix: prefix };
}

function stringMatch(match: ValueMatch): object {
  return match.type === "Exact" ? { exact: match.value } : { safe_regex: { regex: match.value } };
}
