// Where one LLM endpoint's requests go and the filter policy they need: the
// pure facts both the IR stage and the multipool consistency check rely on.
import { PROVIDERS } from "../providers/registry.ts";
import type { RouteType } from "../providers/provider.ts";
import { authorizationToken } from "../validate/secret.ts";
import { findObject, type LLMEndpoint, type Secret } from "../validate/resources.ts";
import type { AuthPolicy, RoutePolicy } from "./plugin-config.ts";

export const TLS_PORT = 443;
const HTTP_PORT = 80;

export interface HostPort {
  host: string;
  port: number;
}

export interface EndpointTarget extends HostPort {
  /** TLS with certificate validation on 443; plain HTTP on any other port (local servers, mocks). */
  tls: boolean;
  /** The Host header the endpoint expects. */
  hostHeader: string;
  /** The upstream path, query included (the provider's, or pathOverride). */
  url: string;
}

/** `forcedTarget` replaces the endpoint's host (the --backend-host-override demo/test flag). */
export function endpointTarget(endpoint: LLMEndpoint, routeType: RouteType, forcedTarget?: HostPort): EndpointTarget {
  const provider = PROVIDERS[endpoint.provider];
  const { host, port } = forcedTarget ?? endpoint.hostOverride ?? { host: provider.host(endpoint.settings), port: TLS_PORT };
  return {
    host,
    port,
    tls: port === TLS_PORT,
    hostHeader: hostHeader(host, port),
    url: endpoint.pathOverride ?? provider.path(endpoint.settings, routeType),
  };
}

/** HTTP's Host carries the port unless it is the scheme's default. */
export function hostHeader(host: string, port: number): string {
  return port === TLS_PORT || port === HTTP_PORT ? host : `${host}:${port}`;
}

/**
 * The filter's policy for requests to one endpoint: the provider, the key
 * (secrets resolved here, so the filter never looks anything up) and how the
 * provider wants it presented. `namespace` is the backend's.
 */
export function endpointPolicy(endpoint: LLMEndpoint, namespace: string, secrets: Secret[]): RoutePolicy {
  const provider = PROVIDERS[endpoint.provider];
  return { provider: endpoint.provider, auth: authPolicy(endpoint, namespace, secrets), ...provider.policy(endpoint.settings) };
}

function authPolicy(endpoint: LLMEndpoint, namespace: string, secrets: Secret[]): AuthPolicy {
  const defaults = PROVIDERS[endpoint.provider].authHeader;
  // Explicit even where they equal the provider's defaults, so the filter does not guess.
  const presentation = {
    // HTTP/2 and Envoy's header maps use lower-case names.
    header: (endpoint.authHeaderOverride?.headerName ?? defaults.name).toLowerCase(),
    prefix: endpoint.authHeaderOverride?.prefix ?? defaults.prefix,
  };
  const token = endpoint.authToken;
  switch (token.kind) {
    case "Passthrough":
      return { mode: "passthrough", ...presentation };
    case "Inline":
      return { mode: "inline", key: token.value, ...presentation };
    case "SecretRef":
      return { mode: "inline", key: secretKey(namespace, token.secretName, secrets), ...presentation };
  }
}

export function secretKey(namespace: string, name: string, secrets: Secret[]): string {
  const secret = findObject(secrets, namespace, name);
  const key = secret && authorizationToken(secret);
  // Validation guarantees the key; reaching this is a bug, so say which Secret, never the value.
  if (!key) throw new Error(`internal: Secret ${namespace}/${name} has no usable key`);
  return key;
}
