// Envoy clusters: one per backend in use (and per guard call target).
import type { PluginConfig } from "../ir/plugin-config.ts";
import type { Cluster, Endpoint } from "../ir/types.ts";
import type { EnvoyOptions } from "./options.ts";
import { FILTER, TYPE } from "./type-urls.ts";
import { renderWasmFilter, UPSTREAM_ROOT_ID } from "./wasm-filter.ts";

export function renderCluster(cluster: Cluster, options: EnvoyOptions, config: PluginConfig): object {
  const endpoints = cluster.priorities.flat();
  return endpoints.length === 1 ? singleEndpoint(cluster.name, endpoints[0], options.caBundle) : tiered(cluster, options, config);
}

const COMMON = {
  // Containers often lack IPv6 routes; Envoy's default AUTO tries v6 first.
  dns_lookup_family: "V4_PREFERRED",
  connect_timeout: "10s",
};

function singleEndpoint(name: string, endpoint: Endpoint, caBundle: string): object {
  return {
    name,
    // Provider APIs sit behind many, changing addresses: LOGICAL_DNS connects
    // to one resolved address at a time and re-resolves, as Envoy advises for
    // large external web services.
    type: "LOGICAL_DNS",
    ...COMMON,
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: address(endpoint) } }] }] },
    ...(endpoint.tls ? { transport_socket: tlsTransportSocket(caBundle, endpoint.host) } : {}),
  };
}

// A multipool: every endpoint in one cluster, each tier at its priority, so
// Envoy sends to priority 0 while it is healthy and spills to the next tier
// when it is not. LOGICAL_DNS takes one endpoint only, hence STRICT_DNS.
// Endpoints may have different hosts, so the TLS name is not fixed: it is
// each endpoint's own, taken from the Host header the route sets to the
// endpoint's hostname (auto_host_rewrite), and the certificate is checked
// against it (auto_sni, auto_san_validation).
// With per-tier policies the filter also runs on the cluster (upstream HTTP
// filter, once per attempt) and reads the tier from the endpoint's metadata
// `weir.pool` (RoutePolicy.pools, plugin-config.ts).
function tiered(cluster: Cluster, options: EnvoyOptions, config: PluginConfig): object {
  const anyTls = cluster.priorities.flat().some((e) => e.tls);
  const perAttempt = cluster.perAttemptPolicy === true;
  const protocolOptions = {
    ...(anyTls ? { upstream_http_protocol_options: { auto_sni: true, auto_san_validation: true } } : {}),
    ...(perAttempt
      ? { http_filters: [renderWasmFilter(config, options.wasmPath, UPSTREAM_ROOT_ID), { name: FILTER.upstreamCodec, typed_config: { "@type": TYPE.upstreamCodec } }] }
      : {}),
  };
  return {
    name: cluster.name,
    type: "STRICT_DNS",
    ...COMMON,
    load_assignment: {
      cluster_name: cluster.name,
      endpoints: cluster.priorities.map((tier, priority) => ({
        priority,
        lb_endpoints: tier.map((e) => {
          const metadata = {
            ...(e.tls ? { [TLS_MATCH]: { tls: true } } : {}),
            ...(perAttempt ? { [POOL_METADATA]: { pool: String(priority) } } : {}),
          };
          return {
            endpoint: { address: address(e), hostname: e.hostHeader },
            ...(Object.keys(metadata).length > 0 ? { metadata: { filter_metadata: metadata } } : {}),
          };
        }),
      })),
    },
    // Ejects an endpoint that keeps failing, so later requests go to the next
    // tier without first failing on it (retries cover the failing request).
    outlier_detection: { consecutive_5xx: 3, interval: "10s", base_ejection_time: "30s", max_ejection_percent: 100 },
    ...(anyTls ? { transport_socket_matches: [{ name: "tls", match: { tls: true }, transport_socket: tlsTransportSocket(options.caBundle) }] } : {}),
    ...(Object.keys(protocolOptions).length > 0
      ? {
          typed_extension_protocol_options: {
            [FILTER.httpProtocolOptions]: {
              "@type": TYPE.httpProtocolOptions,
              ...protocolOptions,
              explicit_http_config: { http_protocol_options: {} },
            },
          },
        }
      : {}),
  };
}

const TLS_MATCH = "envoy.transport_socket_match";
/** Endpoint metadata namespace the filter reads the pool index from. */
const POOL_METADATA = "weir";

function address(endpoint: Endpoint): object {
  return { socket_address: { address: endpoint.host, port_value: endpoint.port } };
}

// trusted_ca alone only checks the chain: without a SAN matcher Envoy accepts
// any publicly trusted certificate, for any name. Matching the DNS SAN against
// the host is what makes this the provider. (Tiered clusters match it per
// endpoint with auto_san_validation instead.)
function tlsTransportSocket(caBundle: string, host?: string): object {
  return {
    name: FILTER.tls,
    typed_config: {
      "@type": TYPE.upstreamTls,
      ...(host ? { sni: host } : {}),
      common_tls_context: {
        validation_context: {
          trusted_ca: { filename: caBundle },
          ...(host ? { match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: host } }] } : {}),
        },
      },
    },
  };
}
