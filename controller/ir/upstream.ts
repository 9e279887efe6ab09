// Where a backend's requests go: the Envoy cluster and the rewrites of the
// Envoy route (the filter must not touch :path or :authority, see DESIGN §4).
import { PROVIDERS } from "../providers/registry.ts";
import type { LLMBackend } from "../validate/resources.ts";
import type { Cluster } from "./types.ts";

const TLS_PORT = 443;
const HTTP_PORT = 80;

export interface HostPort {
  host: string;
  port: number;
}

export interface Upstream {
  cluster: Cluster;
  hostRewrite: string;
  pathRewrite: string;
}

/** `forcedTarget` replaces every backend's host (the --backend-host-override demo/test flag). */
export function upstreamFor(backend: LLMBackend, forcedTarget?: HostPort): Upstream {
  const provider = PROVIDERS[backend.provider];
  const { host, port } = forcedTarget ?? backend.hostOverride ?? { host: provider.host(backend.settings), port: TLS_PORT };
  const tls = port === TLS_PORT;
  return {
    cluster: { name: clusterName(backend), host, port, tls },
    // HTTP's Host carries the port unless it is the scheme's default.
    hostRewrite: port === (tls ? TLS_PORT : HTTP_PORT) ? host : `${host}:${port}`,
    pathRewrite: backend.pathOverride ?? provider.path(backend.settings, "chat"),
  };
}

function clusterName(backend: LLMBackend): string {
  return `llmbackend/${backend.meta.namespace}/${backend.meta.name}`;
}
