// One Envoy cluster per LLMBackend in use.
import type { Cluster } from "../ir/types.ts";
import { FILTER, TYPE } from "./type-urls.ts";

export function renderCluster(cluster: Cluster, caBundle: string): object {
  return {
    name: cluster.name,
    // Provider APIs sit behind many, changing addresses: LOGICAL_DNS connects
    // to one resolved address at a time and re-resolves, as Envoy advises for
    // large external web services.
    type: "LOGICAL_DNS",
    // Containers often lack IPv6 routes; Envoy's default AUTO tries v6 first.
    dns_lookup_family: "V4_PREFERRED",
    connect_timeout: "10s",
    load_assignment: {
      cluster_name: cluster.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: cluster.host, port_value: cluster.port } } } }] }],
    },
    ...(cluster.tls ? { transport_socket: tlsTransportSocket(cluster.host, caBundle) } : {}),
  };
}

// trusted_ca alone only checks the chain: without a SAN matcher Envoy accepts
// any publicly trusted certificate, for any name. Matching the DNS SAN against
// the host is what makes this the provider.
function tlsTransportSocket(host: string, caBundle: string): object {
  return {
    name: FILTER.tls,
    typed_config: {
      "@type": TYPE.upstreamTls,
      sni: host,
      common_tls_context: {
        validation_context: {
          trusted_ca: { filename: caBundle },
          match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: host } }],
        },
      },
    },
  };
}
