import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../diagnostics.ts";
import type { KubeObject } from "./kube-object.ts";
import { CONTROLLER_NAME, objectConditions, routeParentStatuses, type ObjectOutcome } from "./status-conditions.ts";
import { conditionsPatch, routeParentsPatch } from "./status-patches.ts";

const backend: KubeObject = { apiVersion: "weir.dev/v1alpha1", kind: "LLMBackend", metadata: { name: "b", namespace: "ns", generation: 4, resourceVersion: "77" } };
const problem = (field: string, reason: string): Diagnostic => ({ source: { file: "LLMBackend ns/b", line: 1 }, field, reason });
const outcome = (over: Partial<ObjectOutcome>): ObjectOutcome => ({
  object: backend, served: "current", problems: [], unservedReferences: [], staleReferences: [], forbiddenSecrets: [], ...over,
});
const byType = (cs: { type: string }[]) => Object.fromEntries(cs.map((c) => [c.type, c])) as Record<string, any>;

test("a served object without problems: Accepted and ResolvedRefs True, with observedGeneration", () => {
  const c = byType(objectConditions(outcome({})));
  assert.deepEqual([c.Accepted.status, c.Accepted.reason, c.Accepted.observedGeneration], ["True", "Accepted", 4]);
  assert.deepEqual([c.ResolvedRefs.status, c.ResolvedRefs.reason], ["True", "ResolvedRefs"]);
});

test("a spec problem: Accepted False (Invalid) naming the field, and what Envoy serves instead", () => {
  const c = byType(objectConditions(outcome({ served: "previous", servedGeneration: 3, problems: [problem("spec.llm.pathOverride.fullPath", 'must start with "/"')] })));
  assert.equal(c.Accepted.reason, "Invalid");
  assert.equal(c.Accepted.message, 'spec.llm.pathOverride.fullPath: must start with "/". Envoy keeps serving the last accepted version (generation 3).');
  assert.equal(c.ResolvedRefs.status, "True");
});

test("reference problems: ResolvedRefs False with RefNotFound, InvalidRef or RefNotPermitted", () => {
  const field = "spec.llm.provider.openai.authToken.secretRef.name";
  const notFound = byType(objectConditions(outcome({ served: "none", problems: [problem(field, "Secret k is not found in the backend's namespace")] })));
  assert.deepEqual([notFound.ResolvedRefs.reason, notFound.Accepted.reason], ["RefNotFound", "UnresolvedRefs"]);
  assert.match(notFound.Accepted.message, /Not served\.$/);
  const invalid = byType(objectConditions(outcome({ problems: [problem(field, 'Secret k has no key "Authorization"')], staleReferences: ["Secret ns/k"] })));
  assert.equal(invalid.ResolvedRefs.reason, "InvalidRef");
  assert.match(invalid.Accepted.message, /with the last accepted version of Secret ns\/k\.$/);
  const forbidden = byType(objectConditions(outcome({ problems: [problem(field, "Secret k is not found in the backend's namespace")], forbiddenSecrets: ["ns/k"] })));
  assert.equal(forbidden.ResolvedRefs.reason, "RefNotPermitted");
  assert.equal(forbidden.ResolvedRefs.message, "cannot read Secret ns/k: the API server denies the controller access (grant it by name in a Role bound to Weir's ServiceAccount, or check the name).");
});

test("HTTPRoute parents: one entry per Weir parent, at the route's own parentRef, with its own problems", () => {
  const route: KubeObject = {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r", namespace: "ns", generation: 2 },
    spec: { parentRefs: [{ name: "kgw" }, { name: "a" }, { name: "b", sectionName: "nope" }] },
  };
  const problems = [
    { source: { file: "HTTPRoute ns/r", line: 1 }, field: "spec.parentRefs[1]", reason: "Gateway b has no listener named nope" },
    { source: { file: "HTTPRoute ns/r", line: 1 }, field: "spec.rules[0].backendRefs[0].name", reason: "LLMBackend x is not found in the route's namespace" },
  ];
  const parents = routeParentStatuses(outcome({ object: route, served: "previous", servedGeneration: 1, problems }), [1, 2]);
  assert.deepEqual(parents.map((p) => p.parentRef), [{ name: "a" }, { name: "b", sectionName: "nope" }]);
  assert.ok(parents.every((p) => p.controllerName === CONTROLLER_NAME));
  const [a, b] = parents.map((p) => byType(p.conditions));
  assert.equal(a.Accepted.reason, "UnresolvedRefs");
  assert.equal(b.Accepted.reason, "NoMatchingParent");
  assert.match(b.Accepted.message, /^spec\.parentRefs\[1\]: Gateway b has no listener named nope; /);
  assert.deepEqual([a.ResolvedRefs.reason, b.ResolvedRefs.reason], ["BackendNotFound", "BackendNotFound"]);
});

test("status patches: nothing when unchanged, lastTransitionTime kept until the status flips, others' data kept", () => {
  const desired = objectConditions(outcome({}));
  const first = conditionsPatch({ ...backend, status: { conditions: [{ type: "Ready", status: "True", reason: "X", message: "", lastTransitionTime: "t0" }] } }, desired, "t1") as any;
  assert.deepEqual(first.metadata, { resourceVersion: "77" }, "conditional on what was read");
  assert.deepEqual(first.status.conditions.map((c: any) => [c.type, c.lastTransitionTime]), [["Ready", "t0"], ["Accepted", "t1"], ["ResolvedRefs", "t1"]]);
  const stored = { ...backend, status: first.status };
  assert.equal(conditionsPatch(stored, desired, "t2"), undefined, "an unchanged status is not written again");
  const flipped = objectConditions(outcome({ served: "none", problems: [problem("spec", "bad")] }));
  const second = conditionsPatch(stored, flipped, "t3") as any;
  assert.deepEqual(second.status.conditions.map((c: any) => [c.type, c.status, c.lastTransitionTime]), [
    ["Ready", "True", "t0"], ["Accepted", "False", "t3"], ["ResolvedRefs", "True", "t1"],
  ]);
});

test("route status patches keep other controllers' parents and drop Weir's stale ones", () => {
  const theirs = { parentRef: { name: "kgw" }, controllerName: "kgateway.dev/kgateway", conditions: [] };
  const stale = { parentRef: { name: "old" }, controllerName: CONTROLLER_NAME, conditions: [] };
  const route: KubeObject = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r", resourceVersion: "5" }, status: { parents: [theirs, stale] } };
  const patch = routeParentsPatch(route, [], "t") as any;
  assert.deepEqual(patch.status.parents, [theirs]);
});
