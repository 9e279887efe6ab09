// The Weir filter in a listener's HTTP filter chain, with the plugin config
// (the contract in ir/plugin-config.ts) as its configuration.
import { compareStrings } from "../diagnostics.ts";
import type { PluginConfig, RoutePolicy } from "../ir/plugin-config.ts";
import type { IR } from "../ir/types.ts";
import { FILTER, TYPE } from "./type-urls.ts";

/** The filter's root context ids, registered in filter/index.ts: in a listener's chain, and on a cluster. */
const ROOT_ID = "weir";
export const UPSTREAM_ROOT_ID = "weir-upstream";

/**
 * Policies of every route that forwards to an LLM, by Envoy route name.
 * One document for all listeners: a route name means the same policy
 * wherever it appears, and identical configurations let listeners share a VM.
 */
export function pluginConfig(ir: IR): PluginConfig {
  const policies = new Map<string, RoutePolicy>();
  for (const listener of ir.listeners) {
    for (const vh of listener.virtualHosts) {
      for (const route of vh.routes) {
        if (route.action.type === "ForwardToLLM") policies.set(route.name, route.action.policy);
      }
    }
  }
  const names = [...policies.keys()].sort(compareStrings);
  return { routes: Object.fromEntries(names.map((name) => [name, policies.get(name)!])) };
}

/**
 * The filter in a listener's chain, or (rootId UPSTREAM_ROOT_ID) in a
 * cluster's upstream chain, where it runs once per attempt. Both instances
 * take the same configuration and share one VM per worker.
 */
export function renderWasmFilter(config: PluginConfig, wasmPath: string, rootId = ROOT_ID): object {
  return {
    name: FILTER.wasm,
    typed_config: {
      "@type": TYPE.wasm,
      config: {
        name: rootId,
        root_id: rootId,
        // Closed: if the module fails to load, requests fail rather than
        // reaching a provider without the gateway's auth and guards.
        fail_open: false,
        // The filter holds request headers (StopIteration) while it reads the
        // body, so it can still fix content-length after rewriting it. Without
        // this Envoy turns StopIteration into StopAllIterationAndWatermark and
        // never hands the filter the body: the request hangs.
        allow_on_headers_stop_iteration: true,
        vm_config: {
          vm_id: ROOT_ID,
          runtime: "envoy.wasm.runtime.v8",
          code: { local: { filename: wasmPath } },
        },
        configuration: { "@type": TYPE.stringValue, value: JSON.stringify(config) },
      },
    },
  };
}
