// The floor of the bench policy: a bare proxy-wasm module (no SDK, no
// allocation after start) that makes exactly the host calls Weir makes for the
// P1 request — auth + model pinning on a route whose responses carry usage —
// and does no work between them. Weir minus this module is what Weir's own
// code costs; this module minus abi-floor is what holding and rewriting the
// body, the header edits, usage metrics and filter state cost inside Envoy,
// whoever makes those calls. It sends the body back unchanged (same bytes, same
// length): Envoy's work is the same whatever the bytes are.
//
// The calls (Weir's, counted in the test host): context create → get_property
// xds.route_name; request headers → get_header_map_pairs, replace
// authorization, StopIteration; request body → StopIterationAndBuffer until the
// end, then get_buffer_bytes, set_buffer_bytes, replace content-length;
// response headers → get_header_map_pairs; response body → get_buffer_bytes,
// then at its end 4 × set_property and 3 × increment_metric.
//
// In P2 it is the floor of a streamed response: Weir reads every piece of an
// SSE body and, when it rewrites the stream (a response guard, or the usage
// it asked for), writes each piece back. A piece that starts like SSE
// (`data:`, `event:`, `:`) is written back here too, unchanged — no state
// kept per stream, so concurrent streams need nothing from the module.
//
// Built by the bench with
//   npx asc bench/policy-floor.ts --runtime stub --use abort= -O3 -b build/policy-floor.wasm

// @ts-ignore: decorator
@external("env", "proxy_get_property")
declare function proxy_get_property(path: usize, pathSize: usize, out: usize, outSize: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_get_header_map_pairs")
declare function proxy_get_header_map_pairs(map: u32, out: usize, outSize: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_replace_header_map_value")
declare function proxy_replace_header_map_value(map: u32, key: usize, keySize: usize, value: usize, valueSize: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_get_buffer_bytes")
declare function proxy_get_buffer_bytes(buffer: u32, start: u32, length: u32, out: usize, outSize: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_set_buffer_bytes")
declare function proxy_set_buffer_bytes(buffer: u32, start: u32, length: u32, data: usize, size: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_set_property")
declare function proxy_set_property(path: usize, pathSize: usize, value: usize, valueSize: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_define_metric")
declare function proxy_define_metric(type: u32, name: usize, nameSize: usize, id: usize): u32;
// @ts-ignore: decorator
@external("env", "proxy_increment_metric")
declare function proxy_increment_metric(id: u32, offset: i64): u32;

const REQUEST_HEADERS: u32 = 0;
const RESPONSE_HEADERS: u32 = 2;
const REQUEST_BODY: u32 = 0;
const RESPONSE_BODY: u32 = 1;

// Where the host writes a returned buffer's pointer and size, and metric ids.
const OUT = memory.data(8);
const IDS = memory.data(12);
// What the host returns is written into one arena (only one is alive at a time).
const ARENA_SIZE: usize = 1 << 20;
const ARENA = memory.data(<i32>ARENA_SIZE);

export function proxy_abi_version_0_2_0(): void {}

export function malloc(size: usize): usize {
  if (size <= ARENA_SIZE) return ARENA;
  return heap.alloc(size);
}

class Bytes {
  constructor(public ptr: usize, public size: usize) {}
}

function bytes(s: string): Bytes {
  const b = String.UTF8.encode(s);
  return new Bytes(changetype<usize>(b), <usize>b.byteLength);
}

const ROUTE_NAME = bytes("xds\0route_name");
const AUTHORIZATION = bytes("authorization");
const KEY = bytes("Bearer sk-bench-placeholder-not-a-real-key");
const CONTENT_LENGTH = bytes("content-length");
const STATE = [bytes("weir.prompt_tokens"), bytes("weir.completion_tokens"), bytes("weir.total_tokens"), bytes("weir.model")];
const STATE_VALUES = [bytes("250"), bytes("40"), bytes("290"), bytes("gpt-4o-mini")];
const METRICS = [
  bytes("weir.tokens.prompt;route=bench;provider=openai;model=gpt-4o-mini"),
  bytes("weir.tokens.completion;route=bench;provider=openai;model=gpt-4o-mini"),
  bytes("weir.tokens.total;route=bench;provider=openai;model=gpt-4o-mini"),
];
const DIGITS = memory.data(16);

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 { return 1; }
export function proxy_validate_configuration(rootContextId: u32, configurationSize: u32): u32 { return 1; }

export function proxy_on_configure(rootContextId: u32, configurationSize: u32): u32 {
  for (let i = 0; i < 3; i++) proxy_define_metric(0, METRICS[i].ptr, METRICS[i].size, IDS + <usize>(i * 4));
  return 1;
}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  if (parentContextId != 0) proxy_get_property(ROUTE_NAME.ptr, ROUTE_NAME.size, OUT, OUT + 4);
}

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: u32): u32 {
  proxy_get_header_map_pairs(REQUEST_HEADERS, OUT, OUT + 4);
  proxy_replace_header_map_value(REQUEST_HEADERS, AUTHORIZATION.ptr, AUTHORIZATION.size, KEY.ptr, KEY.size);
  return endOfStream != 0 ? 0 : 1; // Continue, or StopIteration until the body is rewritten
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  if (endOfStream == 0) return 1; // StopIterationAndBuffer
  if (bodySize == 0) return 0;
  proxy_get_buffer_bytes(REQUEST_BODY, 0, bodySize, OUT, OUT + 4);
  proxy_set_buffer_bytes(REQUEST_BODY, 0, u32.MAX_VALUE, load<usize>(OUT), load<u32>(OUT, 4));
  let n = bodySize;
  let len: usize = 0;
  do { len++; n /= 10; } while (n > 0);
  n = bodySize;
  for (let i = <isize>len - 1; i >= 0; i--) { store<u8>(DIGITS + <usize>i, <u8>(0x30 + n % 10)); n /= 10; }
  proxy_replace_header_map_value(REQUEST_HEADERS, CONTENT_LENGTH.ptr, CONTENT_LENGTH.size, DIGITS, len);
  return 0;
}

export function proxy_on_request_trailers(contextId: u32, trailers: u32): u32 { return 0; }

export function proxy_on_response_headers(contextId: u32, headers: u32, endOfStream: u32): u32 {
  proxy_get_header_map_pairs(RESPONSE_HEADERS, OUT, OUT + 4);
  return 0;
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 {
  if (bodySize > 0) {
    proxy_get_buffer_bytes(RESPONSE_BODY, 0, bodySize, OUT, OUT + 4);
    const at = load<usize>(OUT);
    const first = load<u8>(at);
    if (first == 0x64 || first == 0x65 || first == 0x3a) proxy_set_buffer_bytes(RESPONSE_BODY, 0, u32.MAX_VALUE, at, bodySize);
  }
  if (endOfStream != 0) {
    for (let i = 0; i < 4; i++) proxy_set_property(STATE[i].ptr, STATE[i].size, STATE_VALUES[i].ptr, STATE_VALUES[i].size);
    for (let i = 0; i < 3; i++) proxy_increment_metric(load<u32>(IDS + <usize>(i * 4)), 1);
  }
  return 0;
}

export function proxy_on_response_trailers(contextId: u32, trailers: u32): u32 { return 0; }
export function proxy_on_done(contextId: u32): u32 { return 1; }
export function proxy_on_log(contextId: u32): void {}
export function proxy_on_delete(contextId: u32): void {}
