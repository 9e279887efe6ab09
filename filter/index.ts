// Weir's proxy-wasm module. Envoy loads it with root_id "weir" as an HTTP
// filter, and with root_id "weir-upstream" as a cluster's upstream HTTP filter
// (per-attempt work for multipool failover). The entry points are Weir's own
// (abi/exports.ts); proxy-runtime supplies the host-call bindings.
export * from "./abi/exports";
export { weir_validate_config, weir_validation_error } from "./validate";
