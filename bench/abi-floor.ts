// Below the empty filter: the proxy-wasm ABI with no SDK at all. Every HTTP
// callback Envoy calls is exported and returns Continue at once; nothing is
// allocated and nothing is logged. Empty filter minus this module is what
// @solo-io/proxy-runtime itself costs per stream (its context map and the debug
// strings it builds on every context creation, see README.md).
//
// Built by the bench with
//   npx asc bench/abi-floor.ts --runtime stub --use abort= -O3 -b build/abi-floor.wasm

export function proxy_abi_version_0_2_0(): void {}

// Envoy allocates through malloc only when it returns data to the module,
// which never happens here; a bump allocator is enough.
export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): u32 { return 1; }
export function proxy_validate_configuration(rootContextId: u32, configurationSize: u32): u32 { return 1; }
export function proxy_on_configure(rootContextId: u32, configurationSize: u32): u32 { return 1; }
export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {}
export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: u32): u32 { return 0; }
export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 { return 0; }
export function proxy_on_request_trailers(contextId: u32, trailers: u32): u32 { return 0; }
export function proxy_on_response_headers(contextId: u32, headers: u32, endOfStream: u32): u32 { return 0; }
export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): u32 { return 0; }
export function proxy_on_response_trailers(contextId: u32, trailers: u32): u32 { return 0; }
export function proxy_on_done(contextId: u32): u32 { return 1; }
export function proxy_on_log(contextId: u32): void {}
export function proxy_on_delete(contextId: u32): void {}
