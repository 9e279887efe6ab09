// How a route's upstream URL (path and query, from the IR) is expressed in
// Envoy, as verified against Envoy 1.40:
//  - regex_rewrite only ever sees the path: Envoy strips the query before
//    matching and re-appends the client's query afterwards. A "?" in the
//    substitution would therefore produce "…?api-version=X?client-query".
//  - So the substitution is the path alone, and each query parameter of the
//    provider URL is set, overriding a client's value of the same name, by the
//    header_mutation filter's per-route query_parameter_mutations. Other
//    client query parameters (Gemini's alt=sse, for one) pass through.
//  - Mutation values (not keys) are Envoy format strings ("%" starts a command, "%%" is a
//    literal "%") and Envoy URL-encodes them, so they are given decoded.

export interface UpstreamUrl {
  path: string;
  query: { key: string; value: string }[];
}

export function splitUpstreamUrl(url: string): UpstreamUrl {
  const at = url.indexOf("?");
  if (at < 0) return { path: url, query: [] };
  const query = [...new URLSearchParams(url.slice(at + 1))].map(([key, value]) => ({ key, value: escapeFormat(value) }));
  return { path: url.slice(0, at), query };
}

function escapeFormat(text: string): string {
  return text.replaceAll("%", "%%");
}
