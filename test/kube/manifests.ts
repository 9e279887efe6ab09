// The objects the Kubernetes tests apply, as plain objects (server-side apply
// takes JSON). One team namespace with its Gateway, keys and routes.
import type { TestObject } from "./cluster.ts";

export const NS = "team-a";
export const GATEWAY_CLASS = "weir";

export function namespace(): TestObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } };
}

/** The team's grant: Weir may read these Secrets, by name (envoy/deploy/02-rbac.yaml explains why). */
export function keyGrant(secretNames: string[]): TestObject[] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "weir-llm-keys", namespace: NS },
      rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: secretNames, verbs: ["get", "list", "watch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "weir-llm-keys", namespace: NS },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "weir-llm-keys" },
      subjects: [{ kind: "ServiceAccount", name: "weir", namespace: "weir-system" }],
    },
  ];
}

export function gateway(port: number): TestObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "gw", namespace: NS },
    spec: { gatewayClassName: GATEWAY_CLASS, listeners: [{ name: "http", protocol: "HTTP", port }] },
  };
}

export function secret(name: string, data: Record<string, string>): TestObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: NS }, type: "Opaque", stringData: data };
}

export function openaiBackend(name: string, model: string, authToken: object): TestObject {
  return {
    apiVersion: "weir.dev/v1alpha1",
    kind: "LLMBackend",
    metadata: { name, namespace: NS },
    spec: { llm: { provider: { openai: { model, authToken } } } },
  };
}

export const secretRef = (name: string) => ({ kind: "SecretRef", secretRef: { name } });
export const inline = (key: string) => ({ kind: "Inline", inline: key });

export function route(name: string, prefix: string, backend: string, parent: Record<string, unknown> = { name: "gw" }): TestObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace: NS },
    spec: {
      parentRefs: [parent],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: prefix } }], backendRefs: [{ group: "weir.dev", kind: "LLMBackend", name: backend }] }],
    },
  };
}
