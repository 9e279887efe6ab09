// The Envoy bootstrap for `weir run`: no listeners or clusters of its own,
// only where to find them (files in one watched directory, written by the
// controller) and the admin endpoint. Envoy reloads whenever a file is moved
// into the directory, and keeps its last good config when a file is missing
// or invalid, so the controller can restart or fail without Envoy losing
// anything.
import { statsConfig } from "../envoy/observability.ts";
import { CDS_FILE, LDS_FILE } from "./xds-files.ts";

export interface DynamicBootstrapOptions {
  /** Directory holding the xDS files, as Envoy sees it. */
  xdsDir: string;
  /** Admin API port, on loopback only (it can dump the config, keys included). */
  adminPort: number;
  /**
   * Port of a listener on all addresses answering only GET /ready (proxied to
   * admin), for the kubelet's probes, which cannot reach loopback. Omit to
   * have none.
   */
  readyPort?: number;
  /** Node id and cluster, shown in Envoy's logs and admin output. */
  nodeId?: string;
}

const ADMIN_CLUSTER = "weir-admin";

export function dynamicBootstrap(options: DynamicBootstrapOptions): object {
  const source = (file: string) => ({
    path_config_source: { path: `${options.xdsDir}/${file}`, watched_directory: { path: options.xdsDir } },
    resource_api_version: "V3",
  });
  return {
    node: { id: options.nodeId ?? "weir", cluster: "weir" },
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: options.adminPort } } },
    // Bootstrap-only in Envoy, so here rather than in the xDS files (the listeners carry the access log).
    stats_config: statsConfig(),
    dynamic_resources: { cds_config: source(CDS_FILE), lds_config: source(LDS_FILE) },
    ...(options.readyPort === undefined ? {} : { static_resources: readyListener(options.readyPort, options.adminPort) }),
  };
}

function readyListener(readyPort: number, adminPort: number): object {
  return {
    listeners: [
      {
        name: "weir-ready",
        address: { socket_address: { address: "0.0.0.0", port_value: readyPort } },
        filter_chains: [
          {
            filters: [
              {
                name: "envoy.filters.network.http_connection_manager",
                typed_config: {
                  "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                  stat_prefix: "weir-ready",
                  route_config: {
                    name: "weir-ready",
                    virtual_hosts: [
                      {
                        name: "ready",
                        domains: ["*"],
                        routes: [{ match: { path: "/ready", headers: [{ name: ":method", string_match: { exact: "GET" } }] }, route: { cluster: ADMIN_CLUSTER } }],
                      },
                    ],
                  },
                  http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
                },
              },
            ],
          },
        ],
      },
    ],
    clusters: [
      {
        name: ADMIN_CLUSTER,
        type: "STATIC",
        connect_timeout: "1s",
        load_assignment: {
          cluster_name: ADMIN_CLUSTER,
          endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: adminPort } } } }] }],
        },
      },
    ],
  };
}
