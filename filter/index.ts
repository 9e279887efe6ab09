// Weir's proxy-wasm module: Envoy loads this with root_id "weir".
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, registerRootContext } from "@solo-io/proxy-runtime";
import { WeirRoot } from "./root";

registerRootContext((contextId: u32): RootContext => new WeirRoot(contextId), "weir");
export { weir_validate_config, weir_validation_error } from "./validate";
