// Manifests for a large render: `routes` HTTPRoutes over 50 backends of every
// provider, a prompt-guard AIPolicy on every fourth route. Used by the render
// benchmark and by tests that want a big bootstrap.
export const BACKENDS = 50;

const PROVIDERS = [
  "openai: {model: gpt-4o-mini, authToken: {kind: SecretRef, secretRef: {name: key}}}",
  "anthropic: {model: claude-3-5-haiku-latest, authToken: {kind: Inline, inline: sk-ant}}",
  "azureopenai: {endpoint: r.openai.azure.com, deploymentName: d, apiVersion: 2024-10-21, authToken: {kind: Inline, inline: k}}",
  "gemini: {model: gemini-2.0-flash, authToken: {kind: Passthrough}}",
  "vertexai: {model: gemini-1.5-pro, projectId: p, location: us-central1, authToken: {kind: Inline, inline: t}}",
];

export function largeManifests(routes: number): string {
  const docs = [
    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  listeners: [{name: http, protocol: HTTP, port: 10000}]",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: key}\nstringData: {Authorization: sk-bench}",
  ];
  for (let b = 0; b < BACKENDS; b++) {
    docs.push(`apiVersion: weir.dev/v1alpha1\nkind: LLMBackend\nmetadata: {name: b${b}}\nspec:\n  llm:\n    provider:\n      ${PROVIDERS[b % PROVIDERS.length]}`);
  }
  for (let r = 0; r < routes; r++) {
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r${r}}
spec:
  parentRefs: [{name: gw}]
  rules:
    - matches: [{path: {type: PathPrefix, value: /team-${r}}, headers: [{name: x-tier, value: gold}]}]
      backendRefs: [{group: weir.dev, kind: LLMBackend, name: b${r % BACKENDS}}]`);
    if (r % 4 === 0) {
      docs.push(`apiVersion: weir.dev/v1alpha1
kind: AIPolicy
metadata: {name: p${r}}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: r${r}}]
  ai:
    promptGuard:
      request: {regex: {action: REJECT, builtins: [SSN], matches: [{pattern: "secret-[0-9]{${(r % 7) + 2}}"}]}}
      response: {regex: {builtins: [EMAIL, CREDIT_CARD]}}`);
    }
  }
  return docs.join("\n---\n");
}
