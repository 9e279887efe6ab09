// The filter with filter/abi/exports.ts (the proposed fix for proxy-runtime's
// context leak) instead of proxy-runtime's own exports; bench/streaming.ts
// measures VM memory with both. Built to build/weir-fixed-exports.wasm.
export * from "../filter/abi/exports";
import { RootContext, registerRootContext } from "@solo-io/proxy-runtime";
import { WeirRoot } from "../filter/root";

registerRootContext((contextId: u32): RootContext => new WeirRoot(contextId), "weir");
