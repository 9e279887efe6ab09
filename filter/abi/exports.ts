// PROPOSED replacement for `export * from "@solo-io/proxy-runtime/proxy"` in
// filter/index.ts (the lead's call): the proxy_on_* entry points Envoy calls,
// dispatching to the same proxy-runtime contexts, without its reference leak.
//
// proxy-runtime 0.1.8 looks contexts up with `return context_map.get(id) as
// Context`; AssemblyScript 0.17 leaks one reference on a downcast written
// directly in a return (filter/response/__tests__/arc-leaks.spec.ts shows it), so
// every callback adds a reference to the stream's context that is never
// dropped and no stream context — nor anything it holds — is ever freed.
// Here the lookup goes through a local first, which balances the count.

import {
  BaseContext, Context, RootContext, getBaseContext, ensureContext, ensureRootContext, deleteContext,
} from "@solo-io/proxy-runtime/runtime";

export { malloc, free } from "@solo-io/proxy-runtime/malloc";

function streamContext(id: u32): Context {
  const base = getBaseContext(id);
  return base as Context;
}

function rootContext(id: u32): RootContext {
  const base = getBaseContext(id);
  return base as RootContext;
}

export function proxy_abi_version_0_2_0(): void {}

export function proxy_on_vm_start(rootId: u32, size: u32): u32 {
  return rootContext(rootId).onStart(size) ? 1 : 0;
}

export function proxy_validate_configuration(rootId: u32, size: u32): u32 {
  return rootContext(rootId).validateConfiguration(size) ? 1 : 0;
}

export function proxy_on_configure(rootId: u32, size: u32): u32 {
  return rootContext(rootId).onConfigure(size) ? 1 : 0;
}

export function proxy_on_tick(rootId: u32): void {
  rootContext(rootId).onTick();
}

export function proxy_on_foreign_function(rootId: u32, functionId: u32, size: u32): void {}

export function proxy_on_queue_ready(rootId: u32, token: u32): void {
  rootContext(rootId).onQueueReady(token);
}

export function proxy_on_context_create(id: u32, rootId: u32): void {
  if (rootId == 0) ensureRootContext(id);
  else ensureContext(id, rootId);
}

export function proxy_on_request_headers(id: u32, headers: u32, end: u32): i32 {
  return streamContext(id).onRequestHeaders(headers, end != 0);
}

export function proxy_on_request_body(id: u32, size: u32, end: u32): i32 {
  return streamContext(id).onRequestBody(size, end != 0);
}

export function proxy_on_request_trailers(id: u32, trailers: u32): i32 {
  return streamContext(id).onRequestTrailers(trailers);
}

export function proxy_on_request_metadata(id: u32, elements: u32): i32 {
  return streamContext(id).onRequestMetadata(elements);
}

export function proxy_on_response_headers(id: u32, headers: u32, end: u32): i32 {
  return streamContext(id).onResponseHeaders(headers, end != 0);
}

export function proxy_on_response_body(id: u32, size: u32, end: u32): i32 {
  return streamContext(id).onResponseBody(size, end != 0);
}

export function proxy_on_response_trailers(id: u32, trailers: u32): i32 {
  return streamContext(id).onResponseTrailers(trailers);
}

export function proxy_on_response_metadata(id: u32, elements: u32): i32 {
  return streamContext(id).onResponseMetadata(elements);
}

export function proxy_on_http_call_response(rootId: u32, token: u32, headers: u32, size: u32, trailers: u32): void {
  rootContext(rootId).onHttpCallResponse(token, headers, size, trailers);
}

export function proxy_on_grpc_receive_initial_metadata(rootId: u32, token: u32, headers: u32): void {
  rootContext(rootId).on_grpc_receive_initial_metadata(token, headers);
}

export function proxy_on_grpc_trailing_metadata(rootId: u32, token: u32, trailers: u32): void {
  rootContext(rootId).on_grpc_trailing_metadata(token, trailers);
}

export function proxy_on_grpc_receive(rootId: u32, token: u32, size: u32): void {
  rootContext(rootId).on_grpc_receive(token, size);
}

export function proxy_on_grpc_close(rootId: u32, token: u32, status: u32): void {
  rootContext(rootId).on_grpc_close(token, status);
}

export function proxy_on_done(id: u32): u32 {
  const ctx: BaseContext = getBaseContext(id);
  return ctx.onDone() ? 1 : 0;
}

export function proxy_on_log(id: u32): void {
  streamContext(id).onLog();
}

export function proxy_on_delete(id: u32): void {
  const ctx: BaseContext = getBaseContext(id);
  ctx.onDelete();
  deleteContext(id);
}
