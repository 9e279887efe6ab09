import assert from "node:assert/strict";
import { test } from "node:test";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "../validate/validate.ts";
import { buildIR, type IROptions } from "./build-ir.ts";
import type { ForwardToLLM, IR, Route } from "./types.ts";

const MANIFESTS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: team}
spec:
  listeners:
    - {name: a, protocol: HTTP, port: 10000}
    - {name: b, protocol: HTTP, port: 10001}
---
apiVersion: v1
kind: Secret
metadata: {name: key, namespace: team}
data: {Authorization: ${Buffer.from("Bearer sk-from-secret\n").toString("base64")}}
---
apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: openai, namespace: team}
spec:
  llm:
    provider:
      openai: {model: gpt-4o, authToken: {kind: SecretRef, secretRef: {name: key}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: chat, namespace: team}
spec:
  parentRefs: [{name: gw}]
  rules:
    - matches: [{path: {value: /v1}}, {path: {type: Exact, value: /v1/chat/completions}}]
      backendRefs: [{group: weir.dev, kind: LLMBackend, name: openai}]
    - matches: [{path: {value: /off}}]
`;

function ir(options: IROptions = {}): IR {
  const result = validate(parseManifests([{ file: "in.yaml", text: MANIFESTS }]).objects);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return buildIR(result.resources, options);
}

const routesOf = (x: IR): Route[] => x.listeners.flatMap((l) => l.virtualHosts.flatMap((v) => v.routes));

test("route names are stable and say where the route comes from", () => {
  const names = routesOf(ir()).map((r) => r.name);
  // In precedence order: the Exact match, then the longer prefix (/off before /v1).
  assert.deepEqual(names.slice(0, 3), [
    "httproute/team/chat/rule/0/match/1",
    "httproute/team/chat/rule/1/match/0",
    "httproute/team/chat/rule/0/match/0",
  ]);
  assert.deepEqual(routesOf(ir()).map((r) => r.name), names, "same input, same names");
});

test("a route on two listeners keeps one name and one policy", () => {
  const [a, b] = ir().listeners;
  assert.deepEqual(a.virtualHosts[0].routes, b.virtualHosts[0].routes);
  assert.deepEqual([a.name, b.name], ["team/gw/a", "team/gw/b"]);
});

test("secrets are resolved: base64 decoded, Bearer prefix and newline stripped", () => {
  const action = routesOf(ir())[0].action as ForwardToLLM;
  assert.deepEqual(action.policy, {
    provider: "openai",
    auth: { mode: "inline", key: "sk-from-secret", header: "authorization", prefix: "Bearer " },
    model: "gpt-4o",
  });
});

test("a rule without backendRefs has no upstream and no policy", () => {
  const off = routesOf(ir()).find((r) => r.name === "httproute/team/chat/rule/1/match/0")!;
  assert.deepEqual(off.action, { type: "NoBackend" });
});

test("providers get verified TLS on 443; --backend-host-override sends every backend to plain HTTP", () => {
  assert.deepEqual(ir().clusters, [
    { name: "llmbackend/team/openai", priorities: [[{ host: "api.openai.com", port: 443, tls: true, hostHeader: "api.openai.com" }]] },
  ]);
  const local = ir({ backendHostOverride: { host: "127.0.0.1", port: 18443 } });
  assert.deepEqual(local.clusters, [
    { name: "llmbackend/team/openai", priorities: [[{ host: "127.0.0.1", port: 18443, tls: false, hostHeader: "127.0.0.1:18443" }]] },
  ]);
  assert.deepEqual((routesOf(local)[0].action as ForwardToLLM).host, { rewrite: "127.0.0.1:18443" });
});
