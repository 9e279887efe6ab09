// Which imports Envoy gives a Wasm module. Envoy refuses to load a module that imports anything
// else ("Failed to load Wasm module due to a missing import").
//
// Source: proxy-wasm-cpp-host, the host library Envoy embeds (Envoy 1.3x–1.40 pins a 2024/25 commit):
//   src/wasm.cc       WasmBase::registerCallbacks(): env.pthread_equal, env.emscripten_notify_memory_growth;
//                     FOR_ALL_WASI_FUNCTIONS under both "wasi_unstable" and "wasi_snapshot_preview1";
//                     FOR_ALL_HOST_FUNCTIONS as env.proxy_*; then by ABI version:
//                       0.1.0: get_configuration, continue_request, continue_response, clear_route_cache
//                       0.2.0: continue_stream, close_stream
//                       0.2.1: continue_stream, close_stream, get_log_level
//   include/proxy-wasm/exports.h  the FOR_ALL_HOST_FUNCTIONS and FOR_ALL_WASI_FUNCTIONS lists.
// Envoy itself registers no further imports (its extras go through proxy_call_foreign_function).
// Note what is NOT there: proxy_dispatch_http_call (spec name; Envoy uses proxy_http_call),
// proxy_clear_route_cache under ABI 0.2.x, WASI sched_yield/poll_oneoff, env.abort/env.trace/env.seed.

export type AbiVersion = "0.1.0" | "0.2.0" | "0.2.1";

const HOST_FUNCTIONS = [
  "log", "get_status", "set_property", "get_property", "send_local_response",
  "get_shared_data", "set_shared_data", "register_shared_queue", "resolve_shared_queue",
  "dequeue_shared_queue", "enqueue_shared_queue", "get_header_map_value", "add_header_map_value",
  "replace_header_map_value", "remove_header_map_value", "get_header_map_pairs",
  "set_header_map_pairs", "get_header_map_size", "get_buffer_status", "get_buffer_bytes",
  "set_buffer_bytes", "http_call", "grpc_call", "grpc_stream", "grpc_close", "grpc_cancel",
  "grpc_send", "set_tick_period_milliseconds", "get_current_time_nanoseconds", "define_metric",
  "increment_metric", "record_metric", "get_metric", "set_effective_context", "done",
  "call_foreign_function",
] as const;

const ABI_SPECIFIC: Record<AbiVersion, readonly string[]> = {
  "0.1.0": ["get_configuration", "continue_request", "continue_response", "clear_route_cache"],
  "0.2.0": ["continue_stream", "close_stream"],
  "0.2.1": ["continue_stream", "close_stream", "get_log_level"],
};

const WASI_FUNCTIONS = [
  "fd_write", "fd_read", "fd_seek", "fd_close", "fd_fdstat_get", "environ_get", "environ_sizes_get",
  "args_get", "args_sizes_get", "clock_time_get", "random_get", "proc_exit", "path_open",
  "fd_prestat_get", "fd_prestat_dir_name",
] as const;

const ENV_EXTRAS = ["pthread_equal", "emscripten_notify_memory_growth"] as const;

/** "module.name" of every import Envoy provides to a module of the given ABI version. */
export function envoyImportsFor(abi: AbiVersion): ReadonlySet<string> {
  return new Set([
    ...ENV_EXTRAS.map((n) => `env.${n}`),
    ...HOST_FUNCTIONS.map((n) => `env.proxy_${n}`),
    ...ABI_SPECIFIC[abi].map((n) => `env.proxy_${n}`),
    ...WASI_FUNCTIONS.map((n) => `wasi_unstable.${n}`),
    ...WASI_FUNCTIONS.map((n) => `wasi_snapshot_preview1.${n}`),
  ]);
}

/**
 * Every import Envoy 1.40 provides to a proxy-wasm 0.2.x module, as "module.name".
 * env.proxy_get_log_level is only there when the module exports proxy_abi_version_0_2_1;
 * use envoyImportsFor(abi) for the exact per-ABI set.
 */
export const ENVOY_IMPORTS: readonly string[] = [...new Set([...envoyImportsFor("0.2.0"), ...envoyImportsFor("0.2.1")])].sort();

/** The ABI version a module declares through its proxy_abi_version_* export (null if none). */
export function abiVersionOf(module: WebAssembly.Module): AbiVersion | null {
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  if (names.has("proxy_abi_version_0_2_1")) return "0.2.1";
  if (names.has("proxy_abi_version_0_2_0")) return "0.2.0";
  if (names.has("proxy_abi_version_0_1_0")) return "0.1.0";
  return null;
}

/** Imports of the module Envoy would not provide (empty when Envoy would load it). */
export function importsEnvoyLacks(module: WebAssembly.Module): string[] {
  const abi = abiVersionOf(module);
  const allowed = envoyImportsFor(abi ?? "0.2.0");
  return WebAssembly.Module.imports(module)
    .filter((i) => i.kind !== "function" || !allowed.has(`${i.module}.${i.name}`))
    .map((i) => (i.kind === "function" ? `${i.module}.${i.name}` : `${i.module}.${i.name} (${i.kind})`));
}
