// The Envoy stage: IR in, a complete static bootstrap out (as a plain object;
// yaml.ts turns it into bytes). Pure.
import type { IR } from "../ir/types.ts";
import { renderCluster } from "./cluster.ts";
import { renderListener } from "./listener.ts";
import { statsConfig } from "./observability.ts";
import type { EnvoyOptions } from "./options.ts";
import { pluginConfig } from "./wasm-filter.ts";

export function renderBootstrap(ir: IR, options: EnvoyOptions): object {
  const config = pluginConfig(ir);
  return {
    // Loopback only: the admin API can stop Envoy and dump its config, keys included.
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: options.adminPort } } },
    // Weir's counters' `;key=value` name parts as tags (Prometheus labels).
    stats_config: statsConfig(),
    static_resources: {
      listeners: ir.listeners.map((listener) => renderListener(listener, config, options)),
      clusters: ir.clusters.map((cluster) => renderCluster(cluster, options, config)),
    },
  };
}
