import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, chunkings } from "../host/index.ts";
import { loadWeir } from "./load.ts";

const config = {
  routes: {
    pinned: { provider: "openai", auth: { mode: "inline", key: "k" }, model: "gpt-4o-mini", maxRequestBodyBytes: 4096 },
    anthropic: { provider: "anthropic", auth: { mode: "inline", key: "k" }, model: "claude-sonnet" },
    gemini: { provider: "gemini", auth: { mode: "inline", key: "k" }, model: "gemini-2.0-flash" },
  },
};

function post(host: Awaited<ReturnType<typeof loadWeir>>, route: string, body: string, chunks?: number[]) {
  return exchange(host, {
    routeName: route,
    request: { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }, body, chunks },
    response: { headers: { "content-type": "application/json" }, body: "{}" },
  });
}

test("the backend's model replaces the client's, byte-exact elsewhere, with a correct content-length", async () => {
  const host = await loadWeir(config);
  const body = '{"model": "gpt-5-pro",  "messages":[{"role":"user","content":"héllo"}]}';
  const expected = '{"model": "gpt-4o-mini",  "messages":[{"role":"user","content":"héllo"}]}';
  for (const chunks of chunkings(Buffer.byteLength(body))) {
    const r = post(host, "pinned", body, chunks);
    assert.equal(r.upstream.bodyText, expected);
    assert.equal(r.upstream.headers.get("content-length"), String(Buffer.byteLength(expected)));
    assert.equal(r.upstream.contentLengthMismatch, false);
  }
  host.assertNoErrorLogs();
});

test("a body without a model gets the backend's; Gemini bodies are left alone (the model is in the path)", async () => {
  const host = await loadWeir(config);
  assert.equal(post(host, "anthropic", '{"messages":[]}').upstream.bodyText, '{"model":"claude-sonnet","messages":[]}');
  assert.equal(post(host, "anthropic", "{}").upstream.bodyText, '{"model":"claude-sonnet"}');
  const gemini = '{"contents":[{"parts":[{"text":"hi"}]}]}';
  assert.equal(post(host, "gemini", gemini).upstream.bodyText, gemini);
});

test("a body that is not JSON is refused with 400 in the provider's shape", async () => {
  const host = await loadWeir(config);
  for (const bad of ['{"model":', "not json", "[1,2]", '{"a":1} trailing']) {
    const r = post(host, "pinned", bad);
    assert.equal(r.upstream.forwarded, false, bad);
    assert.equal(r.downstream.status, 400, bad);
    assert.equal(JSON.parse(r.downstream.bodyText).error.type, "invalid_request_error");
  }
  const anthropic = post(host, "anthropic", "nope");
  assert.equal(JSON.parse(anthropic.downstream.bodyText).type, "error");
});

test("a body over the policy's limit gets 413, never a partial rewrite", async () => {
  const host = await loadWeir(config);
  const big = JSON.stringify({ model: "x", messages: [{ role: "user", content: "a".repeat(5000) }] });
  const r = post(host, "pinned", big, [1000, 1000, 1000, 1000]);
  assert.equal(r.upstream.forwarded, false);
  assert.equal(r.downstream.status, 413);
  assert.match(JSON.parse(r.downstream.bodyText).error.message, /exceeds 4096 bytes/);
});

test("deeply nested or hostile JSON never aborts the VM", async () => {
  const host = await loadWeir(config);
  for (const bad of ["[".repeat(3000), '{"a":"\\ud800"}', '"\\u12"', "\u0000", '{"model":"\\"}']) {
    const r = post(host, "pinned", bad);
    assert.ok(r.downstream.status === 400 || r.upstream.forwarded, bad);
  }
  const invalidUtf8 = Buffer.concat([Buffer.from('{"model":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","messages":[]}')]);
  const r = exchange(host, { routeName: "pinned", request: { body: invalidUtf8 }, response: { body: "{}" } });
  assert.equal(r.upstream.forwarded, true);
});
