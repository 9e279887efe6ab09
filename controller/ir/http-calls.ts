// Targets of the calls the filter makes itself (proxy_http_call) for prompt
// guards: kgateway webhooks and OpenAI moderation. A call needs an existing
// Envoy cluster, so each target gets one, registered with the IR's clusters.
import type { ModerationSpec, Secret, WebhookSpec } from "../validate/resources.ts";
import { hostHeader, secretKey, TLS_PORT, type HostPort } from "./endpoint.ts";
import type { ModerationGuard, WebhookGuard } from "./plugin-config.ts";
import type { Cluster } from "./types.ts";

const OPENAI_MODERATION = { host: "api.openai.com", port: TLS_PORT };

export interface HttpCalls {
  webhook(spec: WebhookSpec): WebhookGuard;
  moderation(spec: ModerationSpec, namespace: string, secrets: Secret[]): ModerationGuard;
}

/** `forcedTarget`: the --backend-host-override flag, which sends these calls to the mock too. */
export function httpCalls(register: (cluster: Cluster) => void, forcedTarget?: HostPort): HttpCalls {
  const target = (kind: string, { host, port }: HostPort) => {
    const to = forcedTarget ?? { host, port };
    // Plain HTTP unless on 443, as for backends (kgateway's webhooks are plain HTTP).
    const endpoint = { host: to.host, port: to.port, tls: to.port === TLS_PORT, hostHeader: hostHeader(to.host, to.port) };
    const cluster: Cluster = { name: `${kind}/${host}/${port}`, priorities: [[endpoint]] };
    register(cluster);
    return { cluster: cluster.name, authority: endpoint.hostHeader };
  };
  return {
    webhook(spec) {
      // Validation leaves only matches that select a header by name.
      const names = [...new Set(spec.forwardHeaderMatches.map((m) => m.name))];
      return { ...target("webhook", spec), ...(names.length > 0 ? { forwardHeaders: names } : {}) };
    },
    moderation(spec, namespace, secrets) {
      const token = spec.authToken;
      // Validation refuses Passthrough here: the contract takes a key.
      const key = token.kind === "Inline" ? token.value : token.kind === "SecretRef" ? secretKey(namespace, token.secretName, secrets) : "";
      return { ...target("moderation", OPENAI_MODERATION), key, ...(spec.model ? { model: spec.model } : {}) };
    },
  };
}
