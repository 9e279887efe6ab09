// Weir's proxy-wasm module. Envoy loads it with root_id "weir" as an HTTP
// filter, and with root_id "weir-upstream" as a cluster's upstream HTTP filter
// (per-attempt work for multipool failover).
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, registerRootContext } from "@solo-io/proxy-runtime";
import { WeirRoot } from "./root";
import { WeirUpstreamRoot } from "./upstream";

registerRootContext((contextId: u32): RootContext => new WeirRoot(contextId), "weir");
registerRootContext((contextId: u32): RootContext => new WeirUpstreamRoot(contextId), "weir-upstream");

export { weir_validate_config, weir_validation_error } from "./validate";
