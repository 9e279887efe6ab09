// How a route's upstream query is expressed in Envoy, as verified against
// Envoy 1.40:
//  - regex_rewrite only ever sees the path: Envoy strips the query before
//    matching and re-appends the client's query afterwards. A "?" in the
//    substitution would therefore produce "…?api-version=X?client-query".
//  - So the substitution is the path alone, and each query parameter of the
//    provider URL is set, overriding a client's value of the same name, by the
//    header_mutation filter's per-route query_parameter_mutations. Other
//    client query parameters pass through.
//  - Mutation values (not keys) and route header values are Envoy format
//    strings ("%" starts a command, "%%" is a literal "%"); Envoy URL-encodes
//    query values, so they are given decoded.
import { FILTER, TYPE } from "./type-urls.ts";

export function escapeFormat(text: string): string {
  return text.replaceAll("%", "%%");
}

// Query parameters that carry provider credentials (Gemini reads `?key=`).
// The filter owns auth, so a client's key in the query must never reach the
// provider: Envoy would otherwise forward it with the rewritten path.
const CREDENTIAL_QUERY_PARAMETERS = ["key"];

/** The per-route header_mutation config of an LLM route. */
export function upstreamQuery(query: { key: string; value: string }[]): object {
  return {
    [FILTER.headerMutation]: {
      "@type": TYPE.headerMutationPerRoute,
      mutations: {
        query_parameter_mutations: [
          ...CREDENTIAL_QUERY_PARAMETERS.map((key) => ({ remove: key })),
          ...query.map(({ key, value }) => ({
            append: { record: { key, value: escapeFormat(value) }, action: "OVERWRITE_IF_EXISTS_OR_ADD" },
          })),
        ],
      },
    },
  };
}
