// The measured floor: a proxy-wasm filter on @solo-io/proxy-runtime that does
// nothing. The bench loads it exactly where Weir sits (same listener, route,
// cluster and plugin configuration), so plain Envoy → this module → Weir
// separates the cost of the ABI, the VM and proxy-runtime from Weir's own.
//
// Built by the bench (bench/lib/modules.ts) with
//   npx asc bench/empty-filter.ts --runtime full --use abort=abort_proc_exit -O3 -b build/empty-filter.wasm
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext } from "@solo-io/proxy-runtime";

class EmptyRoot extends RootContext {
  // proxy-runtime 0.1.8's default onConfigure passes the configuration size
  // where a pointer belongs (the host would write 4 bytes at that address):
  // accept the configuration without reading it.
  onConfigure(configurationSize: u32): bool {
    return true;
  }

  createContext(contextId: u32): Context {
    return new Context(contextId, this);
  }
}

// The bench sets root_id "bench-empty" on the filter when it swaps this module in.
registerRootContext((contextId: u32): RootContext => new EmptyRoot(contextId), "bench-empty");
