// Provider auth through real Envoy + the built filter + controller-rendered
// config, driven by the official openai SDK and plain HTTP.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { startStack, gateway, llmRoute, type Stack } from "./stack.ts";

const OPENAI_KEY = "sk-e2e-inline-secret";

let stack: Stack;

before(async () => {
  stack = await startStack((port) => gateway(port) + `
---
apiVersion: v1
kind: Secret
metadata: {name: openai-key}
stringData: {Authorization: "Bearer ${OPENAI_KEY}"}
` + llmRoute("openai", "/openai", `
openai:
  model: gpt-4o-mini
  authToken: {kind: SecretRef, secretRef: {name: openai-key}}`) + llmRoute("anthropic", "/anthropic", `
anthropic:
  model: claude-3-5-haiku-latest
  authToken: {kind: Passthrough}`) + llmRoute("gemini", "/gemini", `
gemini:
  model: gemini-2.0-flash
  apiVersion: v1beta
  authToken: {kind: Inline, inline: g-inline-key}`) + llmRoute("azure", "/azure", `
azureopenai:
  endpoint: my-resource.openai.azure.com
  deploymentName: gpt-4o
  apiVersion: "2024-10-21"
  authToken: {kind: Inline, inline: az-inline-key}`), { mock: { requireKey: undefined } });
});

after(async () => {
  await stack?.stop();
});

test("openai SDK: chat completion through Weir reaches the provider with the gateway's key", async () => {
  const client = new OpenAI({ apiKey: "sk-client-should-not-leak", baseURL: `${stack.gatewayUrl}/openai/v1` });
  stack.mock.clear();
  const reply = await client.chat.completions.create({ model: "gpt-5", messages: [{ role: "user", content: "hello gateway" }] });
  assert.equal(reply.choices[0].message.content, "echo: hello gateway");
  assert.equal(reply.model, "gpt-4o-mini", "the backend's model replaced the client's");
  const seen = stack.mock.received.at(-1)!;
  assert.equal(seen.path, "/v1/chat/completions");
  assert.equal(seen.headers["host"], `127.0.0.1:${stack.mock.port}`);
  assert.equal(seen.headers["authorization"], `Bearer ${OPENAI_KEY}`);
  assert.ok(!JSON.stringify(seen.headers).includes("sk-client-should-not-leak"));
  assert.equal((seen.json as { model: string }).model, "gpt-4o-mini");
});

test("openai SDK: streaming through Weir", async () => {
  const client = new OpenAI({ apiKey: "client", baseURL: `${stack.gatewayUrl}/openai/v1` });
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "stream please" }],
  });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  assert.equal(text, "echo: stream please");
});

test("each provider gets its path, host and auth header; smuggled credentials are removed", async () => {
  const smuggle = { authorization: "Bearer smuggled", "x-api-key": "smuggled", "api-key": "smuggled", "x-goog-api-key": "smuggled" };
  const gemini = await fetch(`${stack.gatewayUrl}/gemini/anything?key=smuggled`, {
    method: "POST", headers: { "content-type": "application/json", ...smuggle },
    body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi gemini" }] }] }),
  });
  assert.equal(gemini.status, 200, await gemini.clone().text());
  const g = stack.mock.received.at(-1)!;
  assert.equal(g.path, "/v1beta/models/gemini-2.0-flash:generateContent");
  assert.equal(g.headers["x-goog-api-key"], "g-inline-key");
  assert.ok(!JSON.stringify(g).includes("smuggled"), "no client credential reaches Gemini");

  const azure = await fetch(`${stack.gatewayUrl}/azure/chat`, {
    method: "POST", headers: { "content-type": "application/json", ...smuggle },
    body: JSON.stringify({ messages: [{ role: "user", content: "hi azure" }] }),
  });
  assert.equal(azure.status, 200, await azure.clone().text());
  const a = stack.mock.received.at(-1)!;
  assert.equal(a.path, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
  assert.equal(a.headers["api-key"], "az-inline-key");
  assert.ok(!JSON.stringify(a).includes("smuggled"));
});

test("passthrough: the client's bearer token reaches Anthropic as x-api-key", async () => {
  const res = await fetch(`${stack.gatewayUrl}/anthropic/v1/messages`, {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer client-anthropic-key" },
    body: JSON.stringify({ max_tokens: 64, messages: [{ role: "user", content: "hi claude" }] }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const seen = stack.mock.received.at(-1)!;
  assert.equal(seen.path, "/v1/messages");
  assert.equal(seen.headers["x-api-key"], "client-anthropic-key");
  assert.equal(seen.headers["anthropic-version"], "2023-06-01");
  assert.equal(seen.headers["authorization"], undefined);
});

test("passthrough without a key: 401 JSON in Anthropic's shape, the provider never called", async () => {
  const before = stack.mock.received.length;
  const res = await fetch(`${stack.gatewayUrl}/anthropic/v1/messages`, {
    method: "POST", headers: { "content-type": "application/json" }, body: "{}",
  });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = await res.json() as { type: string; error: { type: string } };
  assert.equal(body.type, "error");
  assert.equal(body.error.type, "authentication_error");
  assert.equal(stack.mock.received.length, before);
});

test("Envoy logged no wasm warnings or errors, and no key", () => {
  assert.deepEqual(stack.envoy.wasmProblems(), []);
  const logs = stack.envoy.logs();
  for (const secret of [OPENAI_KEY, "g-inline-key", "az-inline-key", "client-anthropic-key"]) {
    assert.ok(!logs.includes(secret), `Envoy log leaks ${secret}`);
  }
});
