// A multipool in the real Envoy with the built filter: priority 0 answers 429,
// the retry goes to priority 1, and the filter running on the cluster
// presents priority 1's own key and model on that attempt.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startMockProvider, type MockProvider } from "../../test/mock/server.ts";
import { serveManifests, type Served } from "./served.ts";

let primary: MockProvider;
let backup: MockProvider;
let served: Served;
let dir: string;

before(async () => {
  primary = await startMockProvider();
  backup = await startMockProvider();
  dir = mkdtempSync(join(tmpdir(), "weir-failover-"));
  const manifests = join(dir, "failover.yaml");
  writeFileSync(manifests, `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  listeners: [{name: http, protocol: HTTP, port: 10000}]
---
apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: pooled}
spec:
  multipool:
    priorities:
      - pool:
          - hostOverride: {host: 127.0.0.1, port: ${primary.port}}
            provider: {openai: {model: gpt-4o, authToken: {kind: Inline, inline: sk-primary}}}
      - pool:
          - hostOverride: {host: 127.0.0.1, port: ${backup.port}}
            provider: {openai: {model: gpt-4o-mini, authToken: {kind: Inline, inline: sk-backup}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: chat}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{group: weir.dev, kind: LLMBackend, name: pooled}]}]
`);
  served = await serveManifests([manifests], { overrideBackends: false });
});
after(async () => {
  await served?.stop();
  await primary?.close();
  await backup?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("priority 0 serves while it answers", async () => {
  const res = await fetch(`${served.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "hi" }] }),
  });
  assert.equal(res.status, 200, await res.text());
  const seen = primary.received.at(-1)!;
  assert.equal(seen.headers.authorization, "Bearer sk-primary");
  assert.equal((seen.json as { model: string }).model, "gpt-4o");
  assert.equal(seen.headers.host, `127.0.0.1:${primary.port}`);
  assert.equal(backup.received.length, 0);
});

test("a 429 from priority 0 is retried on priority 1, with priority 1's key, model and Host", async () => {
  primary.reply({ status: 429 });
  const res = await fetch(`${served.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "x", messages: [{ role: "user", content: "again" }] }),
  });
  assert.equal(res.status, 200, await res.text());
  const seen = backup.received.at(-1)!;
  assert.equal(seen.headers.authorization, "Bearer sk-backup");
  assert.equal((seen.json as { model: string }).model, "gpt-4o-mini");
  assert.equal(seen.headers.host, `127.0.0.1:${backup.port}`, "each endpoint gets its own Host (auto_host_rewrite)");
  assert.equal(seen.headers["content-length"], String(Buffer.byteLength(seen.body)));
});
