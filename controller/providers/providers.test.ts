// Each provider's public API facts (DESIGN §5), one assertion block per provider.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PROVIDERS } from "./registry.ts";

const target = (kind: keyof typeof PROVIDERS, settings: Record<string, string>) => {
  const p = PROVIDERS[kind];
  return { host: p.host(settings), path: p.path(settings, "CHAT"), auth: p.authHeader, policy: p.policy(settings) };
};

test("openai", () => {
  assert.deepEqual(target("openai", { model: "gpt-4o" }), {
    host: "api.openai.com",
    path: "/v1/chat/completions",
    auth: { name: "authorization", prefix: "Bearer " },
    policy: { model: "gpt-4o" },
  });
});

test("azureopenai", () => {
  assert.deepEqual(target("azureopenai", { endpoint: "r.openai.azure.com", deploymentName: "d", apiVersion: "2024-10-21" }), {
    host: "r.openai.azure.com",
    path: "/openai/deployments/d/chat/completions?api-version=2024-10-21",
    auth: { name: "api-key", prefix: "" },
    policy: {},
  });
});

test("anthropic: anthropic-version defaults to 2023-06-01", () => {
  assert.deepEqual(target("anthropic", {}), {
    host: "api.anthropic.com",
    path: "/v1/messages",
    auth: { name: "x-api-key", prefix: "" },
    policy: { model: undefined, anthropicVersion: "2023-06-01" },
  });
  assert.equal(target("anthropic", { apiVersion: "2024-01-01" }).policy.anthropicVersion, "2024-01-01");
});

test("gemini: apiVersion defaults to v1beta", () => {
  assert.deepEqual(target("gemini", { model: "gemini-2.0-flash" }), {
    host: "generativelanguage.googleapis.com",
    path: "/v1beta/models/gemini-2.0-flash:generateContent",
    auth: { name: "x-goog-api-key", prefix: "" },
    policy: { model: "gemini-2.0-flash" },
  });
  assert.equal(target("gemini", { model: "m", apiVersion: "v1" }).path, "/v1/models/m:generateContent");
});

test("gemini and vertexai: CHAT_STREAMING streams on :streamGenerateContent with alt=sse", () => {
  assert.equal(PROVIDERS.gemini.path({ model: "m" }, "CHAT_STREAMING"), "/v1beta/models/m:streamGenerateContent?alt=sse");
  const vertex = { model: "m", projectId: "p", location: "l" };
  assert.equal(
    PROVIDERS.vertexai.path(vertex, "CHAT_STREAMING"),
    "/v1/projects/p/locations/l/publishers/google/models/m:streamGenerateContent?alt=sse",
  );
  // An explicit modelPath is the method, whatever the route type.
  assert.equal(
    PROVIDERS.vertexai.path({ ...vertex, publisher: "anthropic", modelPath: "streamRawPredict" }, "CHAT_STREAMING"),
    "/v1/projects/p/locations/l/publishers/anthropic/models/m:streamRawPredict",
  );
  for (const kind of ["openai", "azureopenai", "anthropic"] as const) {
    const settings = { endpoint: "r.openai.azure.com", deploymentName: "d", apiVersion: "v" };
    assert.equal(PROVIDERS[kind].path(settings, "CHAT_STREAMING"), PROVIDERS[kind].path(settings, "CHAT"), kind);
  }
});

test("vertexai: regional and global hosts, defaults v1 and publisher google", () => {
  const base = { model: "gemini-1.5-pro", projectId: "p", location: "europe-west4" };
  assert.deepEqual(target("vertexai", base), {
    host: "europe-west4-aiplatform.googleapis.com",
    path: "/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-1.5-pro:generateContent",
    auth: { name: "authorization", prefix: "Bearer " },
    policy: { model: "gemini-1.5-pro" },
  });
  const global = target("vertexai", { ...base, location: "global", apiVersion: "v1beta1", publisher: "GOOGLE" });
  assert.equal(global.host, "aiplatform.googleapis.com");
  assert.equal(global.path, "/v1beta1/projects/p/locations/global/publishers/google/models/gemini-1.5-pro:generateContent");
});

test("field checks keep values inside their URL segment", () => {
  const check = PROVIDERS.gemini.fields.model.check!;
  for (const bad of ["a/b", "a?b", "a#b", "a:b", "a%2F", "a b", "a\\1"]) assert.ok(check(bad), `${bad} is rejected`);
  for (const good of ["gemini-2.0-flash", "claude-3-5-sonnet@20240620", "m_1~x"]) assert.equal(check(good), undefined);
  const host = PROVIDERS.azureopenai.fields.endpoint.check!;
  for (const bad of ["https://x.openai.azure.com", "x.openai.azure.com/", "x:443", ""]) assert.ok(host(bad), `${bad} is rejected`);
  assert.equal(host("x.openai.azure.com"), undefined);
});
