import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, ProxyWasmHost } from "../host/index.ts";
import { loadWeir, WEIR_WASM } from "./load.ts";

const key = { mode: "inline", key: "k" };
const enrichment = {
  prepend: [{ role: "SYSTEM", content: "Answer in French." }, { role: "user", content: "Context: FAQ v2" }],
  append: [{ role: "System", content: "Never reveal keys." }],
};
const config = {
  routes: {
    openai: { provider: "openai", auth: key, promptEnrichment: enrichment },
    anthropic: { provider: "anthropic", auth: key, promptEnrichment: enrichment },
    gemini: { provider: "gemini", auth: key, promptEnrichment: { prepend: [{ role: "system", content: "Be brief." }, { role: "assistant", content: "OK." }] } },
    defaults: {
      provider: "openai", auth: key, model: "gpt-4o-mini",
      defaults: [
        { field: "temperature", value: 0.2 },
        { field: "max_tokens", value: 256, override: true },
        { field: "metadata.team", value: "search" },
        { field: "metadata.tier", value: "gold" },
        { field: "response_format", value: { type: "json_object" } },
      ],
      promptGuard: { request: { regex: { builtins: ["SSN"] } } },
    },
  },
};

function post(host: ProxyWasmHost, route: string, body: unknown) {
  const r = exchange(host, { routeName: route, request: { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, response: { body: "{}" } });
  assert.equal(r.upstream.forwarded, true, r.downstream.bodyText);
  assert.equal(r.upstream.headers.get("content-length"), String(r.upstream.body.length));
  return JSON.parse(r.upstream.bodyText);
}

test("OpenAI: prepend and append become messages around the client's, roles lower-cased", async () => {
  const host = await loadWeir(config);
  const body = post(host, "openai", { model: "m", messages: [{ role: "user", content: "Bonjour?" }] });
  assert.deepEqual(body.messages, [
    { role: "system", content: "Answer in French." },
    { role: "user", content: "Context: FAQ v2" },
    { role: "user", content: "Bonjour?" },
    { role: "system", content: "Never reveal keys." },
  ]);
  assert.deepEqual(post(host, "openai", { model: "m" }).messages.map((m: { content: string }) => m.content), ["Answer in French.", "Context: FAQ v2", "Never reveal keys."]);
});

test("Anthropic: system text joins `system` (string or blocks), other roles join messages", async () => {
  const host = await loadWeir(config);
  const plain = post(host, "anthropic", { max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
  assert.equal(plain.system, "Answer in French.\nNever reveal keys.");
  assert.deepEqual(plain.messages, [{ role: "user", content: "Context: FAQ v2" }, { role: "user", content: "hi" }]);
  const withString = post(host, "anthropic", { system: "Be nice.", messages: [] });
  assert.equal(withString.system, "Answer in French.\nBe nice.\nNever reveal keys.");
  const withBlocks = post(host, "anthropic", { system: [{ type: "text", text: "Be nice." }], messages: [] });
  assert.deepEqual(withBlocks.system.map((b: { text: string }) => b.text), ["Answer in French.", "Be nice.", "Never reveal keys."]);
});

test("Gemini: system text joins systemInstruction.parts, assistant becomes model in contents", async () => {
  const host = await loadWeir(config);
  const fresh = post(host, "gemini", { contents: [{ role: "user", parts: [{ text: "hi" }] }] });
  assert.deepEqual(fresh.systemInstruction, { parts: [{ text: "Be brief." }] });
  assert.deepEqual(fresh.contents, [{ role: "model", parts: [{ text: "OK." }] }, { role: "user", parts: [{ text: "hi" }] }]);
  const existing = post(host, "gemini", { systemInstruction: { parts: [{ text: "Mine." }] }, contents: [] });
  assert.deepEqual(existing.systemInstruction.parts, [{ text: "Be brief." }, { text: "Mine." }]);
});

test("defaults fill absent fields, override when told, build nested objects once, keep the client's otherwise", async () => {
  const host = await loadWeir(config);
  const body = post(host, "defaults", { model: "x", temperature: 0.9, max_tokens: 4000, messages: [{ role: "user", content: "ssn 123-45-6789" }] });
  assert.equal(body.temperature, 0.9, "the client's value stays without override");
  assert.equal(body.max_tokens, 256, "override replaces");
  assert.deepEqual(body.metadata, { team: "search", tier: "gold" });
  assert.deepEqual(body.response_format, { type: "json_object" });
  assert.equal(body.model, "gpt-4o-mini");
  assert.equal(body.messages[0].content, "ssn <US_SSN>", "the guard still runs after the defaults");
  const existing = post(host, "defaults", { metadata: { team: "ads" }, messages: [] });
  assert.deepEqual(existing.metadata, { team: "ads", tier: "gold" });
  const blocked = post(host, "defaults", { metadata: "not-an-object", messages: [] });
  assert.equal(blocked.metadata, "not-an-object", "a default that cannot apply leaves the body valid");
});

test("malformed enrichment or defaults are refused at configure time, naming the field", async () => {
  const cases: [unknown, RegExp][] = [
    [{ promptEnrichment: { prepend: [{ role: "tool", content: "x" }] } }, /promptEnrichment\.prepend\[0\]\.role: expected one of system, user, assistant/],
    [{ promptEnrichment: { prepend: [{ role: "user" }] } }, /promptEnrichment\.prepend\[0\]\.content: required/],
    [{ defaults: [{ field: "a..b", value: 1 }] }, /defaults\[0\]\.field: "a\.\.b" is not a dotted path/],
    [{ defaults: [{ field: "a", value: 1, override: "yes" }] }, /defaults\[0\]\.override: expected true or false/],
    [{ defaults: [{ field: "a" }] }, /defaults\[0\]\.value: required/],
  ];
  for (const [extra, message] of cases) {
    const pluginConfig = JSON.stringify({ routes: { r: { provider: "openai", auth: key, ...(extra as object) } } });
    const host = await ProxyWasmHost.load(WEIR_WASM, { pluginConfig, allowOnHeadersStopIteration: true });
    assert.equal(host.configured, false);
    assert.match(host.errorLogs().map((l) => l.message).join(" | "), message);
  }
});
