// A multipool in the real Envoy with the built filter: priority 0 answers 429,
// the retry goes to priority 1, and the filter running on the cluster
// presents priority 1's own key and model on that attempt.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startMockProvider, type MockProvider } from "../../test/mock/server.ts";
import { documents, gateway, httpRoute, postChat } from "./fixtures.ts";
import { serveManifestText, type Served } from "./served.ts";

let primary: MockProvider;
let backup: MockProvider;
let served: Served;

before(async () => {
  primary = await startMockProvider();
  backup = await startMockProvider();
  const pooled = `apiVersion: weir.dev/v1alpha1
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
            provider: {openai: {model: gpt-4o-mini, authToken: {kind: Inline, inline: sk-backup}}}`;
  served = await serveManifestText(documents(gateway(), pooled, httpRoute("chat", { backend: "pooled" })), { overrideBackends: false });
});
after(async () => {
  await served?.stop();
  await primary?.close();
  await backup?.close();
});

test("priority 0 serves while it answers", async () => {
  const res = await postChat(`${served.url}/v1/chat/completions`, "hi");
  assert.equal(res.status, 200, await res.text());
  const seen = primary.received.at(-1)!;
  assert.equal(seen.headers.authorization, "Bearer sk-primary");
  assert.equal((seen.json as { model: string }).model, "gpt-4o");
  assert.equal(seen.headers.host, `127.0.0.1:${primary.port}`);
  assert.equal(backup.received.length, 0);
});

test("a 429 from priority 0 is retried on priority 1, with priority 1's key, model and Host", async () => {
  primary.reply({ status: 429 });
  const res = await postChat(`${served.url}/v1/chat/completions`, "again");
  assert.equal(res.status, 200, await res.text());
  const seen = backup.received.at(-1)!;
  assert.equal(seen.headers.authorization, "Bearer sk-backup");
  assert.equal((seen.json as { model: string }).model, "gpt-4o-mini");
  assert.equal(seen.headers.host, `127.0.0.1:${backup.port}`, "each endpoint gets its own Host (auto_host_rewrite)");
  assert.equal(seen.headers["content-length"], String(Buffer.byteLength(seen.body)));
});
