// Metrics and access log: what Envoy makes of the counters and filter state
// the Weir filter emits (filter/usage/report.ts). README "Metrics and access
// log" documents both, with a real scrape and log line.
//
// Counters: the filter names them `weir.<metric>;key=value;…` and Envoy
// prefixes `wasmcustom.`. Each stats tag below cuts one `;key=value` out of the
// name and makes it a tag (a Prometheus label), so
//   wasmcustom.weir.tokens.total;route=R;provider=P;model=M
// is scraped as weir_tokens_total{route="R",provider="P",model="M"}.
import { FILTER, TYPE } from "./type-urls.ts";

/** A tag's first capture group is removed from the name; the second is the value. */
function tag(name: string): { tag_name: string; regex: string } {
  return { tag_name: name, regex: `^wasmcustom\\.weir\\.[^;]*(?:;[^;]*)*?(;${name}=([^;]*))` };
}

/** route, provider, model, reason (stream anomalies) and outcome (request guards). */
export const STATS_TAGS = ["route", "provider", "model", "reason", "outcome"].map(tag);

/** The bootstrap's stats_config (bootstrap-only in Envoy: `weir run` puts it in its own bootstrap too). */
export function statsConfig(): object {
  return { stats_tags: STATS_TAGS };
}

/**
 * One line per request, key=value. `provider` is the route's metadata
 * (filter_metadata.weir.provider, set on every route to an LLM backend); the
 * rest of Weir's part is the filter's state, `-` where the filter set none
 * (guard: only when a request guard acted; tokens and model: only when the
 * response carried usage). The path is the client's, without its query (which
 * may hold a key: Gemini's `?key=`).
 */
export const ACCESS_LOG_FORMAT =
  "[%START_TIME%] method=%REQ(:METHOD)% path=%PATH(NQ:ORIG_OR_PATH)% status=%RESPONSE_CODE% " +
  "flags=%RESPONSE_FLAGS% duration_ms=%DURATION% route=%ROUTE_NAME% provider=%METADATA(ROUTE:weir:provider)% " +
  "guard=%FILTER_STATE(wasm.weir.guard:PLAIN)% prompt=%FILTER_STATE(wasm.weir.prompt_tokens:PLAIN)% " +
  "completion=%FILTER_STATE(wasm.weir.completion_tokens:PLAIN)% total=%FILTER_STATE(wasm.weir.total_tokens:PLAIN)% " +
  "model=%FILTER_STATE(wasm.weir.model:PLAIN)%\n";

/** The route metadata the access log reads the provider from. */
export function routeMetadata(provider: string): object {
  return { filter_metadata: { weir: { provider } } };
}

/** An HTTP connection manager's access_log: to `path`, or to Envoy's stdout. */
export function accessLog(path: string | undefined): object[] {
  const log_format = { text_format_source: { inline_string: ACCESS_LOG_FORMAT } };
  if (path === undefined) return [{ name: FILTER.stdoutAccessLog, typed_config: { "@type": TYPE.stdoutAccessLog, log_format } }];
  return [{ name: FILTER.fileAccessLog, typed_config: { "@type": TYPE.fileAccessLog, path, log_format } }];
}
