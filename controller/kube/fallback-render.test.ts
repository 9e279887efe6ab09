import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagnostic } from "../diagnostics.ts";
import { renderWithFallback, servedVersion, type PipelineResult } from "./fallback-render.ts";
import { objectKey, type KubeObject } from "./kube-object.ts";

// A stand-in pipeline: an object is invalid when its spec says so, a backend
// needs its Secret to hold a key, a route needs its backend. Enough to drive
// every step of the ladder.
function fakeRender(objects: KubeObject[]): PipelineResult<string[]> {
  const has = (key: string) => objects.some((o) => objectKey(o) === key);
  const errors: Diagnostic[] = [];
  const fail = (o: KubeObject, reason: string) => errors.push({ source: { file: objectKey(o), line: 1 }, reason });
  for (const o of objects) {
    if (o.spec?.invalid) fail(o, "invalid spec");
    if (o.kind === "LLMBackend") {
      const secret = objects.find((s) => s.kind === "Secret" && s.metadata.name === o.spec.secretRef.name);
      if (!secret) fail(o, `Secret ${o.spec.secretRef.name} is not found`);
      else if (!(secret.data as Record<string, string> | undefined)?.key) fail(o, `Secret ${o.spec.secretRef.name} has no key`);
    }
    if (o.kind === "HTTPRoute" && !has(`LLMBackend ns/${o.spec.backend}`)) fail(o, "backend not found");
  }
  if (errors.length > 0) return { ok: false, errors, warnings: [] };
  return { ok: true, value: objects.map((o) => `${objectKey(o)}@${o.metadata.resourceVersion}`).sort(), warnings: [] };
}

let rv = 0;
const o = (kind: string, name: string, extra: Partial<KubeObject>): KubeObject => ({
  apiVersion: "v1",
  kind,
  metadata: { name, namespace: "ns", uid: `${kind}-${name}`, resourceVersion: String(++rv) },
  ...extra,
});
const backend = (name: string, spec: object, generation: number) => {
  const b = o("LLMBackend", name, { spec });
  b.metadata.generation = generation;
  return b;
};
const map = (...objects: KubeObject[]) => new Map(objects.map((x) => [objectKey(x), x]));

test("valid objects render as they are", () => {
  const current = map(o("Secret", "s", { data: { key: "k" } }), backend("b", { secretRef: { name: "s" } }, 1));
  const outcome = renderWithFallback(current, new Map(), fakeRender);
  assert.ok(outcome.ok);
  assert.equal(outcome.problems.size, 0);
  assert.equal(outcome.rendered.size, 2);
});

test("a bad edit is undone: the last accepted version serves, the problem is reported, others still change", () => {
  const secret = o("Secret", "s", { data: { key: "k" } });
  const good = backend("b", { secretRef: { name: "s" } }, 1);
  const other = backend("c", { secretRef: { name: "s" } }, 1);
  const otherEdited = backend("c", { secretRef: { name: "s" }, note: "edited" }, 2);
  const bad = backend("b", { secretRef: { name: "s" }, invalid: true }, 2);
  const outcome = renderWithFallback(map(secret, bad, otherEdited), map(secret, good, other), fakeRender);
  assert.ok(outcome.ok);
  assert.equal(outcome.rendered.get("LLMBackend ns/b"), good);
  assert.equal(outcome.rendered.get("LLMBackend ns/c"), otherEdited, "a valid change elsewhere is not held back");
  assert.deepEqual(outcome.problems.get("LLMBackend ns/b")!.map((d) => d.reason), ["invalid spec"]);
  assert.equal(servedVersion("LLMBackend ns/b", bad, outcome.rendered), "previous");
  assert.equal(servedVersion("LLMBackend ns/c", otherEdited, outcome.rendered), "current");
});

test("a Secret rotated to something unusable (or deleted): the last accepted Secret serves", () => {
  const oldSecret = o("Secret", "s", { data: { key: "old" } });
  const broken = o("Secret", "s", { data: { other: "x" } });
  const b = backend("b", { secretRef: { name: "s" } }, 1);
  const rotated = renderWithFallback(map(broken, b), map(oldSecret, b), fakeRender);
  assert.ok(rotated.ok);
  assert.equal(rotated.rendered.get("Secret ns/s"), oldSecret);
  assert.equal(rotated.rendered.get("LLMBackend ns/b"), b);
  assert.match(rotated.problems.get("LLMBackend ns/b")![0].reason, /has no key/);

  const deleted = renderWithFallback(map(b), map(oldSecret, b), fakeRender);
  assert.ok(deleted.ok);
  assert.equal(deleted.rendered.get("Secret ns/s"), oldSecret);
});

test("an object that was never valid is left out, and so is what depends on it", () => {
  const route = o("HTTPRoute", "r", { spec: { backend: "b" } });
  const outcome = renderWithFallback(map(backend("b", { secretRef: { name: "missing" } }, 1), route), new Map(), fakeRender);
  assert.ok(outcome.ok);
  assert.deepEqual([...outcome.rendered.keys()], []);
  assert.deepEqual(outcome.problems.get("HTTPRoute ns/r")!.map((d) => d.reason), ["backend not found"]);
});

test("a status write (new resourceVersion, same generation) is not a new version", () => {
  const secret = o("Secret", "s", { data: { key: "k" } });
  const accepted = backend("b", { secretRef: { name: "s" } }, 3);
  const afterStatusWrite = { ...accepted, metadata: { ...accepted.metadata, resourceVersion: "999" } };
  const outcome = renderWithFallback(map(secret, afterStatusWrite), map(secret, accepted), fakeRender);
  assert.ok(outcome.ok);
  assert.equal(servedVersion("LLMBackend ns/b", afterStatusWrite, outcome.rendered), "current");
});

test("a problem no object can be blamed for publishes nothing", () => {
  const outcome = renderWithFallback(map(o("Secret", "s", {})), new Map(), () => {
    throw new Error("boom");
  });
  assert.equal(outcome.ok, false);
});
