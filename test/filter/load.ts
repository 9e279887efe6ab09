// Loads the built filter into the test host with a plugin config, as Envoy
// would with the controller's output (allow_on_headers_stop_iteration on).

import { join } from "node:path";
import { ProxyWasmHost } from "../host/index.ts";
import { REPO_ROOT } from "../support/envoy.ts";

export const WEIR_WASM = join(REPO_ROOT, "build/weir.wasm");

export async function loadWeir(config: unknown): Promise<ProxyWasmHost> {
  const pluginConfig = typeof config === "string" ? config : JSON.stringify(config);
  return ProxyWasmHost.load(WEIR_WASM, { pluginConfig, allowOnHeadersStopIteration: true });
}

export const OPENAI_INLINE = { provider: "openai", auth: { mode: "inline", key: "sk-inline-secret" } };
