// One Envoy listener per Gateway listener, with its HTTP connection manager.
import type { PluginConfig } from "../ir/plugin-config.ts";
import type { Listener } from "../ir/types.ts";
import { accessLog } from "./observability.ts";
import type { EnvoyOptions } from "./options.ts";
import { renderRouteConfig } from "./routes.ts";
import { FILTER, TYPE } from "./type-urls.ts";
import { renderWasmFilter } from "./wasm-filter.ts";

export function renderListener(listener: Listener, config: PluginConfig, options: EnvoyOptions): object {
  return {
    name: listener.name,
    address: { socket_address: { address: options.listenerAddress, port_value: listener.port } },
    filter_chains: [
      {
        filters: [
          {
            name: FILTER.httpConnectionManager,
            typed_config: {
              "@type": TYPE.httpConnectionManager,
              stat_prefix: `http-${listener.port}`,
              // Match routes on the normalised path, so "/v1/../x" or "//v1"
              // cannot reach a route its literal text does not name.
              normalize_path: true,
              merge_slashes: true,
              // Virtual hosts are keyed by hostname; clients send "host:port".
              strip_any_host_port: true,
              // Route, provider, model, tokens and guard outcome per request (observability.ts).
              access_log: accessLog(options.accessLogPath),
              route_config: renderRouteConfig(listener),
              http_filters: [
                // Does nothing itself; LLM routes configure it per route to set
                // the provider's query and drop credential parameters (see
                // routes.ts). It precedes the Weir filter so that the filter
                // sees the final query.
                { name: FILTER.headerMutation, typed_config: { "@type": TYPE.headerMutation, mutations: {} } },
                renderWasmFilter(config, options.wasmPath),
                { name: FILTER.router, typed_config: { "@type": TYPE.router } },
              ],
            },
          },
        ],
      },
    ],
  };
}
