import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "./kube-object.ts";
import { secretReferences, selectObjects } from "./select-objects.ts";

const obj = (apiVersion: string, kind: string, name: string, spec: object, namespace = "ns"): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace },
  spec,
});
const gateway = (name: string, gatewayClassName: string) =>
  obj("gateway.networking.k8s.io/v1", "Gateway", name, { gatewayClassName, listeners: [{ name: "http", port: 80, protocol: "HTTP" }] });
const route = (name: string, parents: object[], backendRefs: object[] = []) =>
  obj("gateway.networking.k8s.io/v1", "HTTPRoute", name, { parentRefs: parents, rules: [{ backendRefs }] });
const llm = (name: string, secret?: string) =>
  obj("weir.dev/v1alpha1", "LLMBackend", name, {
    llm: { provider: { openai: { authToken: secret ? { kind: "SecretRef", secretRef: { name: secret } } : { kind: "Passthrough" } } } },
  });
const secret = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "ns" }, data: {} });

test("only Gateways of Weir's class, and routes attached to them with foreign parents removed", () => {
  const all = [
    gateway("ours", "weir"),
    gateway("theirs", "kgateway"),
    route("both", [{ name: "theirs" }, { name: "ours", sectionName: "http" }]),
    route("foreign", [{ name: "theirs" }]),
  ];
  const s = selectObjects(all, [], "weir");
  assert.deepEqual([...s.objects.keys()].sort(), ["Gateway ns/ours", "HTTPRoute ns/both"]);
  assert.deepEqual(s.objects.get("HTTPRoute ns/both")!.spec.parentRefs, [{ name: "ours", sectionName: "http" }]);
  assert.deepEqual(s.parentIndexes.get("HTTPRoute ns/both"), [1], "status must name the route's own parentRef index");
});

test("LLMBackends are always Weir's; kgateway Backends and Services only when a Weir route uses them", () => {
  const all = [
    gateway("gw", "weir"),
    route("r", [{ name: "gw" }], [
      { group: "gateway.kgateway.dev", kind: "Backend", name: "kb" },
      { name: "svc", port: 80 },
    ]),
    llm("unused"),
    obj("gateway.kgateway.dev/v1alpha1", "Backend", "kb", { type: "AI" }),
    obj("gateway.kgateway.dev/v1alpha1", "Backend", "other-teams", { type: "Static" }),
    obj("v1", "Service", "svc", { ports: [{ port: 80 }] }),
    obj("v1", "Service", "unrelated", {}),
  ];
  const keys = [...selectObjects(all, [], "weir").objects.keys()].sort();
  assert.deepEqual(keys, ["Backend ns/kb", "Gateway ns/gw", "HTTPRoute ns/r", "LLMBackend ns/unused", "Service ns/svc"]);
});

test("kgateway policies are taken only when they target a Weir route", () => {
  const all = [
    gateway("gw", "weir"),
    gateway("k", "kgateway"),
    route("ours", [{ name: "gw" }]),
    route("theirs", [{ name: "k" }]),
    obj("gateway.kgateway.dev/v1alpha1", "TrafficPolicy", "p1", { targetRefs: [{ kind: "HTTPRoute", name: "ours" }] }),
    obj("gateway.kgateway.dev/v1alpha1", "TrafficPolicy", "p2", { targetRefs: [{ kind: "HTTPRoute", name: "theirs" }] }),
  ];
  const keys = [...selectObjects(all, [], "weir").objects.keys()];
  assert.ok(keys.includes("TrafficPolicy ns/p1"));
  assert.ok(!keys.includes("TrafficPolicy ns/p2"));
});

test("Secrets: exactly the referenced ones are wanted and taken", () => {
  const s = selectObjects([llm("a", "key-a"), llm("b")], [secret("key-a"), secret("unrelated")], "weir");
  assert.deepEqual([...s.secretRefs], ["ns/key-a"]);
  assert.ok(s.objects.has("Secret ns/key-a"));
  assert.ok(!s.objects.has("Secret ns/unrelated"));
  assert.deepEqual(s.references.get("LLMBackend ns/a"), ["Secret ns/key-a"]);
});

test("secretReferences finds secretRef anywhere in a spec, with an optional namespace", () => {
  const spec = { a: [{ authToken: { secretRef: { name: "x" } } }], b: { deep: { secretRef: { name: "y", namespace: "other" } } }, c: { secretRef: "not-a-ref" } };
  assert.deepEqual(secretReferences(spec), [{ name: "x" }, { name: "y", namespace: "other" }]);
});
