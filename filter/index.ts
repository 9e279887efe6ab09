export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues } from "@solo-io/proxy-runtime";

class R extends RootContext {
  createContext(id: u32): Context { return new C(id, this); }
}
class C extends Context {
  onRequestHeaders(a: u32, eos: bool): FilterHeadersStatusValues { return FilterHeadersStatusValues.Continue; }
}
registerRootContext((id: u32) => new R(id) as RootContext, "weir");
