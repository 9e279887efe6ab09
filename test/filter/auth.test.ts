import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange } from "../host/index.ts";
import { loadWeir, OPENAI_INLINE } from "./load.ts";

const CHAT = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });

const config = {
  routes: {
    openai: OPENAI_INLINE,
    azure: { provider: "azureopenai", auth: { mode: "inline", key: "az-secret" } },
    anthropic: { provider: "anthropic", auth: { mode: "inline", key: "ant-secret" } },
    gemini: { provider: "gemini", auth: { mode: "passthrough" } },
    vertex: { provider: "vertexai", auth: { mode: "inline", key: "ya29.token" } },
    passthrough: { provider: "anthropic", auth: { mode: "passthrough" } },
    custom: { provider: "openai", auth: { mode: "inline", key: "k", header: "X-Gateway-Key", prefix: "Key " } },
  },
};

function send(host: Awaited<ReturnType<typeof loadWeir>>, route: string, headers: Record<string, string>) {
  return exchange(host, {
    routeName: route,
    request: { headers: { ":path": "/llm", "content-type": "application/json", ...headers }, body: CHAT },
    response: { headers: { "content-type": "application/json" }, body: "{}" },
  });
}

test("inline keys reach each provider in its own header; client credentials never do", async () => {
  const host = await loadWeir(config);
  const smuggled = { authorization: "Bearer client-key", "x-api-key": "client-x", "api-key": "client-a", "x-goog-api-key": "client-g" };
  const cases: [string, string, string][] = [
    ["openai", "authorization", "Bearer sk-inline-secret"],
    ["azure", "api-key", "az-secret"],
    ["anthropic", "x-api-key", "ant-secret"],
    ["vertex", "authorization", "Bearer ya29.token"],
  ];
  for (const [route, header, value] of cases) {
    const r = send(host, route, smuggled);
    const up = r.upstream.headers;
    assert.equal(up.get(header), value, `${route}: ${header}`);
    for (const name of ["authorization", "api-key", "x-api-key", "x-goog-api-key"]) {
      if (name !== header) assert.equal(up.get(name), undefined, `${route}: ${name} must be removed`);
    }
    assert.equal(r.upstream.bodyText, CHAT, `${route}: body untouched`);
  }
  host.assertNoErrorLogs();
});

test("anthropic-version is added when the client sent none, kept when it did", async () => {
  const host = await loadWeir(config);
  assert.equal(send(host, "anthropic", {}).upstream.headers.get("anthropic-version"), "2023-06-01");
  assert.equal(send(host, "anthropic", { "anthropic-version": "2024-01-01" }).upstream.headers.get("anthropic-version"), "2024-01-01");
});

test("passthrough moves the client's bearer token into the provider's header", async () => {
  const host = await loadWeir(config);
  const gemini = send(host, "gemini", { authorization: "Bearer g-client" });
  assert.equal(gemini.upstream.headers.get("x-goog-api-key"), "g-client");
  assert.equal(gemini.upstream.headers.get("authorization"), undefined);
  const native = send(host, "passthrough", { "x-api-key": "ant-client" });
  assert.equal(native.upstream.headers.get("x-api-key"), "ant-client");
});

test("passthrough without a key answers 401 in the provider's error shape and never reaches it", async () => {
  const host = await loadWeir(config);
  const anthropic = send(host, "passthrough", { authorization: "Basic Zm9vOmJhcg==" });
  assert.equal(anthropic.upstream.forwarded, false);
  assert.equal(anthropic.downstream.status, 401);
  assert.equal(anthropic.downstream.headers.get("content-type"), "application/json");
  const body = JSON.parse(anthropic.downstream.bodyText);
  assert.equal(body.type, "error");
  assert.equal(body.error.type, "authentication_error");
  assert.match(body.error.message, /missing API key/);

  const gemini = send(host, "gemini", {});
  assert.equal(gemini.downstream.status, 401);
  assert.deepEqual(Object.keys(JSON.parse(gemini.downstream.bodyText).error).sort(), ["code", "message", "status"]);
  assert.equal(JSON.parse(gemini.downstream.bodyText).error.status, "UNAUTHENTICATED");
});

test("a header override presents the key under the operator's name and prefix", async () => {
  const host = await loadWeir(config);
  const r = send(host, "custom", { authorization: "Bearer client" });
  assert.equal(r.upstream.headers.get("x-gateway-key"), "Key k");
  assert.equal(r.upstream.headers.get("authorization"), undefined);
});

test("a route without a policy passes untouched, credentials included", async () => {
  const host = await loadWeir(config);
  const r = send(host, "somewhere-else", { authorization: "Bearer mine" });
  assert.equal(r.upstream.headers.get("authorization"), "Bearer mine");
  assert.equal(r.upstream.bodyText, CHAT);
  assert.equal(r.stream.routeCacheCleared, false, "no header was touched");
  const none = exchange(host, { request: { headers: { authorization: "Bearer mine" }, body: CHAT } });
  assert.equal(none.upstream.headers.get("authorization"), "Bearer mine", "no route name at all");
});

test("no key value ever appears in the filter's logs", async () => {
  const host = await loadWeir(config);
  for (const route of Object.keys(config.routes)) send(host, route, { authorization: "Bearer client-key" });
  const logs = host.logs.map((l) => l.message).join("\n");
  for (const secret of ["sk-inline-secret", "az-secret", "ant-secret", "ya29.token", "client-key"]) {
    assert.ok(!logs.includes(secret), `log leaks ${secret}`);
  }
});
