// The Envoy clusters routes forward to: one per LLM backend (its endpoints in
// priority tiers) and one per Service port.
import type { LLMBackend, Service, ServiceRef } from "../validate/resources.ts";
import { endpointTarget, hostHeader, TLS_PORT, type HostPort } from "./endpoint.ts";
import type { Cluster, Endpoint } from "./types.ts";

/** `forcedTarget` replaces every endpoint's host (the --backend-host-override demo/test flag). */
export function llmCluster(backend: LLMBackend, forcedTarget?: HostPort): Cluster {
  const { kind, namespace, name } = backend.meta;
  const priorities = backend.priorities.map((tier) =>
    tier.map((e): Endpoint => {
      const { host, port, tls, hostHeader } = endpointTarget(e, "CHAT", forcedTarget);
      return { host, port, tls, hostHeader };
    }),
  );
  return {
    name: `${kind.toLowerCase()}/${namespace}/${name}`,
    priorities,
    ...(hasPoolPolicies(backend) ? { perAttemptPolicy: true } : {}),
  };
}

/** A multipool with several tiers: each tier gets its own policy (RoutePolicy.pools). */
export function hasPoolPolicies(backend: LLMBackend): boolean {
  return backend.multipool && backend.priorities.length > 1;
}

/**
 * A Service is reached by its ExternalName, or by its cluster DNS name (the
 * Service manifest is optional: a route may name a Service the cluster has).
 * Plain HTTP, as the Gateway API has it for Services.
 */
export function serviceCluster(ref: ServiceRef, service: Service | undefined, forcedTarget?: HostPort): Cluster {
  const host = service?.externalName ?? `${ref.name}.${ref.namespace}.svc.cluster.local`;
  const to = forcedTarget ?? { host, port: ref.port };
  return {
    name: `service/${ref.namespace}/${ref.name}/${ref.port}`,
    priorities: [[{ host: to.host, port: to.port, tls: forcedTarget !== undefined && to.port === TLS_PORT, hostHeader: hostHeader(to.host, to.port) }]],
  };
}
