// The proxy_on_* entry points Envoy calls, dispatching to Weir's contexts.
// They replace `export * from "@solo-io/proxy-runtime/proxy"`, for two reasons
// measured in the test host and with real Envoy:
//  - proxy-runtime 0.1.8 looks contexts up with `return map.get(id) as Context`,
//    and AssemblyScript 0.17 leaks one reference on a downcast written in a
//    return (filter/response/__tests__/arc-leaks.spec.ts): no stream context,
//    nor anything it holds, was ever freed;
//  - its context bookkeeping builds and logs about eight debug strings per
//    stream (one joins the ids of every live context), whatever Envoy's log
//    level: ~10 µs per request of a ~30 µs budget.
// Here contexts live in maps of our own, looked up through a local, quietly.

import { BaseContext, Context, RootContext, get_property } from "@solo-io/proxy-runtime/runtime";
import { WeirRoot } from "../root";
import { WeirUpstreamRoot } from "../upstream";

export { malloc, free } from "@solo-io/proxy-runtime/malloc";

const roots = new Map<u32, RootContext>();
const streams = new Map<u32, Context>();

function root(id: u32): RootContext {
  const ctx = roots.get(id);
  return ctx;
}

function stream(id: u32): Context {
  const ctx = streams.get(id);
  return ctx;
}

/** The root context for the plugin's root_id: "weir" (HTTP filter) or "weir-upstream" (cluster upstream filter). */
function newRoot(id: u32): RootContext {
  const rootId = String.UTF8.decode(get_property("plugin_root_id"));
  if (rootId == "weir-upstream") return new WeirUpstreamRoot(id);
  return new WeirRoot(id);
}

export function proxy_abi_version_0_2_0(): void {}

export function proxy_on_context_create(id: u32, rootId: u32): void {
  if (rootId == 0) {
    roots.set(id, newRoot(id));
  } else if (roots.has(rootId)) {
    const ctx = root(rootId).createContext(id);
    streams.set(id, ctx);
  }
}

export function proxy_on_vm_start(rootId: u32, size: u32): u32 {
  return 1;
}

export function proxy_validate_configuration(rootId: u32, size: u32): u32 {
  return 1;
}

export function proxy_on_configure(rootId: u32, size: u32): u32 {
  return root(rootId).onConfigure(size) ? 1 : 0;
}

export function proxy_on_tick(rootId: u32): void {}

export function proxy_on_foreign_function(rootId: u32, functionId: u32, size: u32): void {}

export function proxy_on_queue_ready(rootId: u32, token: u32): void {}

export function proxy_on_request_headers(id: u32, headers: u32, end: u32): i32 {
  return stream(id).onRequestHeaders(headers, end != 0);
}

export function proxy_on_request_body(id: u32, size: u32, end: u32): i32 {
  return stream(id).onRequestBody(size, end != 0);
}

export function proxy_on_request_trailers(id: u32, trailers: u32): i32 {
  return stream(id).onRequestTrailers(trailers);
}

export function proxy_on_request_metadata(id: u32, elements: u32): i32 {
  return 0;
}

export function proxy_on_response_headers(id: u32, headers: u32, end: u32): i32 {
  return stream(id).onResponseHeaders(headers, end != 0);
}

export function proxy_on_response_body(id: u32, size: u32, end: u32): i32 {
  return stream(id).onResponseBody(size, end != 0);
}

export function proxy_on_response_trailers(id: u32, trailers: u32): i32 {
  return stream(id).onResponseTrailers(trailers);
}

export function proxy_on_response_metadata(id: u32, elements: u32): i32 {
  return 0;
}

export function proxy_on_http_call_response(rootId: u32, token: u32, headers: u32, size: u32, trailers: u32): void {
  root(rootId).onHttpCallResponse(token, headers, size, trailers);
}

export function proxy_on_grpc_receive_initial_metadata(rootId: u32, token: u32, headers: u32): void {}

export function proxy_on_grpc_trailing_metadata(rootId: u32, token: u32, trailers: u32): void {}

export function proxy_on_grpc_receive(rootId: u32, token: u32, size: u32): void {}

export function proxy_on_grpc_close(rootId: u32, token: u32, status: u32): void {}

export function proxy_on_done(id: u32): u32 {
  if (streams.has(id)) return stream(id).onDone() ? 1 : 0;
  return 1;
}

export function proxy_on_log(id: u32): void {
  if (streams.has(id)) stream(id).onLog();
}

export function proxy_on_delete(id: u32): void {
  if (streams.has(id)) streams.delete(id);
  else if (roots.has(id)) roots.delete(id);
}
