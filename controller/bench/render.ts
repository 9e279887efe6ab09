// How long `weir render` takes for a large config: 1,000 Envoy routes
// (1,000 HTTPRoutes over 50 backends of every provider, a prompt-guard
// AIPolicy on every fourth route), stage by stage, the filter's own parser
// included. Not a test: prints numbers, passes or fails nothing.
//   node --import tsx controller/bench/render.ts [routes]
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { pluginConfig } from "../envoy/wasm-filter.ts";
import { toYaml } from "../envoy/yaml.ts";
import { checkPluginConfig } from "../filter-check/check-plugin-config.ts";
import { loadFilterValidator } from "../filter-check/wasm-validator.ts";
import { buildIR } from "../ir/build-ir.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "../validate/validate.ts";

const ROUTES = Number(process.argv[2] ?? 1000);
const BACKENDS = 50;
const WASM = process.env.WEIR_WASM ?? join(__dirname, "..", "..", "build", "weir.wasm");

const PROVIDERS = [
  "openai: {model: gpt-4o-mini, authToken: {kind: SecretRef, secretRef: {name: key}}}",
  "anthropic: {model: claude-3-5-haiku-latest, authToken: {kind: Inline, inline: sk-ant}}",
  "azureopenai: {endpoint: r.openai.azure.com, deploymentName: d, apiVersion: 2024-10-21, authToken: {kind: Inline, inline: k}}",
  "gemini: {model: gemini-2.0-flash, authToken: {kind: Passthrough}}",
  "vertexai: {model: gemini-1.5-pro, projectId: p, location: us-central1, authToken: {kind: Inline, inline: t}}",
];

function manifests(): string {
  const docs = [
    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  listeners: [{name: http, protocol: HTTP, port: 10000}]",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: key}\nstringData: {Authorization: sk-bench}",
  ];
  for (let b = 0; b < BACKENDS; b++) {
    docs.push(`apiVersion: weir.dev/v1alpha1\nkind: LLMBackend\nmetadata: {name: b${b}}\nspec:\n  llm:\n    provider:\n      ${PROVIDERS[b % PROVIDERS.length]}`);
  }
  for (let r = 0; r < ROUTES; r++) {
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

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const text = manifests();
const [filter, loadMs] = time(() => loadFilterValidator(WASM));
const runs: Record<string, number>[] = [];
let yamlBytes = 0;
for (let i = 0; i < 7; i++) {
  const [loaded, parse] = time(() => parseManifests([{ file: "bench.yaml", text }]));
  const [validated, check] = time(() => validate(loaded.objects));
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors.slice(0, 3)));
  const [ir, irMs] = time(() => buildIR(validated.resources));
  const [refused, filterMs] = time(() => checkPluginConfig(ir, pluginConfig(ir), filter));
  if (refused.length > 0) throw new Error(JSON.stringify(refused.slice(0, 3)));
  const [yaml, envoyMs] = time(() => toYaml(renderBootstrap(ir, { wasmPath: "/weir.wasm", adminPort: 9901, listenerAddress: "0.0.0.0", caBundle: "/ca.pem" })));
  yamlBytes = yaml.length;
  runs.push({ parse, validate: check, ir: irMs, filter: filterMs, envoy: envoyMs, total: parse + check + irMs + filterMs + envoyMs });
}
// The first run warms the JIT; the median of the rest is reported.
const median = (key: string) => {
  const values = runs.slice(1).map((r) => r[key]).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(
  `render ${ROUTES} routes (${ROUTES} HTTPRoutes, ${BACKENDS} backends, ${Math.ceil(ROUTES / 4)} AIPolicies; ` +
    `${(text.length / 1024).toFixed(0)} KiB in, ${(yamlBytes / 1024).toFixed(0)} KiB Envoy YAML out): ` +
    `total ${fmt(median("total"))} = parse ${fmt(median("parse"))} + validate ${fmt(median("validate"))} + IR ${fmt(median("ir"))} ` +
    `+ filter parser ${fmt(median("filter"))} + Envoy YAML ${fmt(median("envoy"))} ` +
    `(median of ${runs.length - 1} runs after a warm-up; filter module loaded once in ${fmt(loadMs)}; first run ${fmt(runs[0].total)})`,
);
