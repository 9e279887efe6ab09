// kgateway's AI Gateway manifests (envoy/samples/kgateway, written as kgateway's
// docs write them) rendered unchanged by the CLI and served by the real Envoy
// with the built filter, in front of the mock provider.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO_ROOT } from "./bundle.ts";
import { postJson } from "./fixtures.ts";
import { serveManifests, type Served } from "./served.ts";

let served: Served;
before(async () => {
  served = await serveManifests([join(REPO_ROOT, "envoy", "samples", "kgateway")]);
});
after(() => served?.stop());

const post = (path: string, body: object) => postJson(`${served.url}${path}`, body);
const chat = (content: string) => ({ model: "client-model", messages: [{ role: "user", content }] });

test("Backend (type AI) + HTTPRoute with URLRewrite: the rewrite is honoured, the Secret's key and the backend's model sent", async () => {
  served.mock.clear();
  const res = await post("/openai", chat("hello"));
  assert.equal(res.status, 200, await res.text());
  const seen = served.mock.received.at(-1)!;
  assert.equal(seen.path, "/v1/chat/completions");
  assert.equal(seen.headers.authorization, "Bearer sk-kgateway-demo-placeholder");
  assert.equal((seen.json as { model: string }).model, "gpt-3.5-turbo");
});

test("TrafficPolicy promptGuard: a REJECT match answers with the custom response; the provider sees nothing", async () => {
  served.mock.clear();
  const res = await post("/openai", chat("what is my credit card limit?"));
  assert.equal(res.status, 403);
  assert.match(await res.text(), /Rejected due to inappropriate content/);
  assert.equal(served.mock.received.length, 0);
});

test("TrafficPolicy promptGuard: the response's credit card numbers are masked", async () => {
  served.mock.reply({ text: "your card 4111 1111 1111 1111 is on file" });
  const res = await post("/openai", chat("which card do I use?"));
  assert.equal(res.status, 200);
  const body = (await res.json()) as { choices: { message: { content: string } }[] };
  assert.equal(body.choices[0].message.content, "your card <CREDIT_CARD> is on file");
});

test("TrafficPolicy routeType CHAT_STREAMING: Gemini streams on :streamGenerateContent with alt=sse", async () => {
  served.mock.clear();
  const res = await post("/gemini", { contents: [{ role: "user", parts: [{ text: "stream it" }] }] });
  assert.equal(res.status, 200, await res.text());
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const seen = served.mock.received.at(-1)!;
  assert.equal(seen.path, "/v1beta/models/gemini-1.5-flash-latest:streamGenerateContent?alt=sse");
  assert.equal(seen.headers["x-goog-api-key"], "gemini-demo-placeholder");
});

test("proposal-era Upstream + RoutePolicy: prompt enrichment and body defaults reach Anthropic in its shape", async () => {
  served.mock.clear();
  const res = await post("/anthropic", { model: "m", max_tokens: 50, temperature: 0.9, messages: [{ role: "user", content: "bonjour" }] });
  assert.equal(res.status, 200, await res.text());
  const seen = served.mock.received.at(-1)!;
  assert.equal(seen.path, "/v1/messages");
  assert.equal(seen.headers["x-api-key"], "sk-ant-kgateway-demo-placeholder");
  const body = seen.json as { system?: unknown; max_tokens: number; temperature: number; model: string };
  assert.match(JSON.stringify(body.system), /Answer all questions in French\./);
  assert.equal(body.max_tokens, 50, "a default does not replace the client's value");
  assert.equal(body.temperature, 0.2, "an override does");
  assert.equal(body.model, "claude-3-5-haiku-latest");
});
