import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, chunkings, ProxyWasmHost } from "../host/index.ts";
import { loadWeir, WEIR_WASM } from "./load.ts";

const key = { mode: "inline", key: "k" };
const maskAll = { regex: { action: "MASK", builtins: ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"], matches: [{ pattern: "(?i)project\\s+falcon", name: "CODENAME" }] } };
const config = {
  routes: {
    mask: { provider: "openai", auth: key, promptGuard: { request: maskAll } },
    reject: { provider: "openai", auth: key, promptGuard: { request: { regex: { action: "REJECT", builtins: ["SSN"] } } } },
    custom: { provider: "anthropic", auth: key, promptGuard: { request: { regex: { action: "REJECT", matches: [{ pattern: "secret" }] }, customResponse: { message: "No secrets, please.", statusCode: 422 } } } },
    anthropic: { provider: "anthropic", auth: key, promptGuard: { request: maskAll } },
    gemini: { provider: "gemini", auth: key, promptGuard: { request: maskAll } },
    lenient: { provider: "openai", auth: key, promptGuard: { request: { regex: { builtins: ["SSN"] }, invalidBody: "pass" } } },
    response: { provider: "openai", auth: key, promptGuard: { response: { regex: { builtins: ["EMAIL", "SSN"] } } } },
    claudeResponse: { provider: "anthropic", auth: key, promptGuard: { response: { regex: { builtins: ["EMAIL"] } } } },
  },
};

type Host = Awaited<ReturnType<typeof loadWeir>>;
function post(host: Host, route: string, body: string | Buffer, chunks?: number[], response = '{"choices":[]}') {
  return exchange(host, {
    routeName: route,
    request: { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "accept-encoding": "gzip" }, body, chunks },
    response: { headers: { "content-type": "application/json" }, body: response },
  });
}

test("MASK: every builtin and custom match in the prompt is masked, every other byte kept, at every chunk split", async () => {
  const host = await loadWeir(config);
  const body = JSON.stringify({
    model: "gpt-4o-mini", temperature: 0.2,
    messages: [
      { role: "system", content: "You help with Project  Falcon." },
      { role: "user", content: [{ type: "text", text: "SSN 123-45-6789, card 4111 1111 1111 1111, mail a.b@example.com, call (415) 555-2671. Again 987-65-4321!" }, { type: "image_url", image_url: { url: "https://x/123-45-6789.png" } }] },
    ],
  });
  const expected = JSON.stringify({
    model: "gpt-4o-mini", temperature: 0.2,
    messages: [
      { role: "system", content: "You help with <CODENAME>." },
      { role: "user", content: [{ type: "text", text: "SSN <US_SSN>, card <CREDIT_CARD>, mail <EMAIL_ADDRESS>, call <PHONE_NUMBER>. Again <US_SSN>!" }, { type: "image_url", image_url: { url: "https://x/123-45-6789.png" } }] },
    ],
  });
  for (const chunks of chunkings(Buffer.byteLength(body))) {
    const r = post(host, "mask", body, chunks);
    assert.equal(r.upstream.bodyText, expected);
    assert.equal(r.upstream.headers.get("content-length"), String(Buffer.byteLength(expected)));
  }
  host.assertNoErrorLogs();
});

test("MASK works on the decoded text: JSON escapes and UTF-8 around a match", async () => {
  const host = await loadWeir(config);
  const body = '{"messages":[{"role":"user","content":"n\\u00famero: 123\\u002d45-6789 \\"ok\\"\\n✓"}]}';
  const r = post(host, "mask", body);
  assert.equal(JSON.parse(r.upstream.bodyText).messages[0].content, 'número: <US_SSN> "ok"\n✓');
});

test("a Luhn-invalid card number is not masked", async () => {
  const host = await loadWeir(config);
  const r = post(host, "mask", JSON.stringify({ messages: [{ role: "user", content: "order 4111 1111 1111 1112" }] }));
  assert.match(r.upstream.bodyText, /4111 1111 1111 1112/);
});

test("REJECT: 403 with the default message in the provider's shape; the provider never sees it", async () => {
  const host = await loadWeir(config);
  const r = post(host, "reject", JSON.stringify({ messages: [{ role: "user", content: "my ssn is 123-45-6789" }] }));
  assert.equal(r.upstream.forwarded, false);
  assert.equal(r.downstream.status, 403);
  assert.equal(r.downstream.headers.get("content-type"), "application/json");
  assert.equal(JSON.parse(r.downstream.bodyText).error.message, "The request was rejected due to inappropriate content");
  const clean = post(host, "reject", JSON.stringify({ messages: [{ role: "user", content: "nothing here" }] }));
  assert.equal(clean.upstream.forwarded, true);
});

test("REJECT with a customResponse uses its status and message", async () => {
  const host = await loadWeir(config);
  const r = post(host, "custom", JSON.stringify({ system: "keep the secret", messages: [{ role: "user", content: "hi" }] }));
  assert.equal(r.downstream.status, 422);
  assert.deepEqual(JSON.parse(r.downstream.bodyText), { type: "error", error: { type: "content_rejected", message: "No secrets, please." } });
});

test("Anthropic system blocks and Gemini parts are masked in place", async () => {
  const host = await loadWeir(config);
  const claude = post(host, "anthropic", JSON.stringify({ system: [{ type: "text", text: "mail x@y.io" }], messages: [{ role: "user", content: [{ type: "text", text: "ssn 123-45-6789" }] }] }));
  const c = JSON.parse(claude.upstream.bodyText);
  assert.equal(c.system[0].text, "mail <EMAIL_ADDRESS>");
  assert.equal(c.messages[0].content[0].text, "ssn <US_SSN>");
  const gemini = post(host, "gemini", JSON.stringify({ systemInstruction: { parts: [{ text: "call 415-555-2671" }] }, contents: [{ role: "user", parts: [{ text: "project falcon" }] }] }));
  const g = JSON.parse(gemini.upstream.bodyText);
  assert.equal(g.systemInstruction.parts[0].text, "call <PHONE_NUMBER>");
  assert.equal(g.contents[0].parts[0].text, "<CODENAME>");
});

test("a body that is not JSON: 400 by default (fail closed), forwarded when the policy says pass", async () => {
  const host = await loadWeir(config);
  const closed = post(host, "mask", "ssn=123-45-6789");
  assert.equal(closed.downstream.status, 400);
  assert.equal(closed.upstream.forwarded, false);
  const open = post(host, "lenient", "ssn=123-45-6789");
  assert.equal(open.upstream.forwarded, true);
  assert.equal(open.upstream.bodyText, "ssn=123-45-6789");
});

test("invalid UTF-8 in a prompt is scanned as bytes, never aborts the VM", async () => {
  const host = await loadWeir(config);
  const body = Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"\xff 123-45-6789 '), Buffer.from([0xc3, 0x28, 0xf0]), Buffer.from('"}]}')]);
  const r = post(host, "mask", body);
  assert.equal(r.upstream.forwarded, true);
  assert.match(r.upstream.bodyText, /<US_SSN>/);
});

test("response guard masks generated text, keeps tool calls and usage byte-intact, fixes content-length", async () => {
  const host = await loadWeir(config);
  const reply = JSON.stringify({
    id: "c1", choices: [{ index: 0, message: { role: "assistant", content: "Write to jane@corp.example or 123-45-6789.", tool_calls: [{ id: "t", type: "function", function: { name: "send", arguments: "{\"to\":\"jane@corp.example\"}" } }] }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 },
  });
  const expected = reply.replace("Write to jane@corp.example or 123-45-6789.", "Write to <EMAIL_ADDRESS> or <US_SSN>.");
  for (const chunks of [[], [1], [17, 3], [50, 50, 50]]) {
    const r = exchange(host, {
      routeName: "response",
      request: { headers: { "content-type": "application/json", "accept-encoding": "gzip, br" }, body: '{"messages":[]}' },
      response: { headers: { "content-type": "application/json", "content-length": String(reply.length) }, body: reply, chunks },
    });
    assert.equal(r.upstream.headers.get("accept-encoding"), undefined, "the filter cannot inflate gzip");
    assert.equal(r.downstream.bodyText, expected);
    assert.equal(r.downstream.headers.get("content-length"), String(Buffer.byteLength(expected)));
  }
  const claude = exchange(host, {
    routeName: "claudeResponse", request: { body: "{}" },
    response: { headers: { "content-type": "application/json" }, body: JSON.stringify({ content: [{ type: "text", text: "mail me: a@b.co" }, { type: "tool_use", input: { email: "a@b.co" } }] }) },
  });
  assert.deepEqual(JSON.parse(claude.downstream.bodyText).content, [{ type: "text", text: "mail me: <EMAIL_ADDRESS>" }, { type: "tool_use", input: { email: "a@b.co" } }]);
});

test("a response body that is not JSON is masked as plain text rather than leaked", async () => {
  const host = await loadWeir(config);
  const r = exchange(host, {
    routeName: "response", request: { body: "{}" },
    response: { status: 502, headers: { "content-type": "text/html" }, body: "<p>upstream said jane@corp.example</p>" },
  });
  assert.equal(r.downstream.bodyText, "<p>upstream said <EMAIL_ADDRESS></p>");
});

test("unsupported or invalid patterns are refused at configure time, naming the field and position", async () => {
  const cases: [unknown, RegExp][] = [
    [{ regex: { matches: [{ pattern: "ab(?=c)" }] } }, /promptGuard\.request\.regex\.matches\[0\]\.pattern: .*look.*at byte 2/i],
    [{ regex: { matches: [{ pattern: "ok" }, { pattern: "(a)\\1" }] } }, /matches\[1\]\.pattern: .*backreference/i],
    [{ regex: { matches: [{ pattern: "a{2,1}" }] } }, /matches\[0\]\.pattern/],
    [{ regex: { builtins: ["SSN", "PASSPORT"] } }, /regex\.builtins\[1\]: unknown builtin "PASSPORT"/],
    [{ regex: { action: "BLOCK", builtins: ["SSN"] } }, /regex\.action: expected "MASK" or "REJECT"/],
    [{ regex: {} }, /needs at least one of "matches" or "builtins"/],
    [{ customResponse: { message: "x" } }, /needs at least one of "regex", "webhook" or "moderation"/],
    [{ regex: { builtins: ["SSN"] }, webhook: { host: "x" } }, /promptGuard\.request\.webhook\.host: unknown field/],
    [{ regex: { builtins: ["SSN"] }, webhok: {} }, /promptGuard\.request\.webhok: unknown field/],
    [{ moderation: { cluster: "c", authority: "a" } }, /promptGuard\.request\.moderation\.key: required/],
    [{ regex: { builtins: ["SSN"] }, customResponse: { statusCode: 99 } }, /customResponse\.statusCode/],
  ];
  for (const [request, message] of cases) {
    const pluginConfig = JSON.stringify({ routes: { r: { provider: "openai", auth: key, promptGuard: { request } } } });
    const host = await ProxyWasmHost.load(WEIR_WASM, { pluginConfig, allowOnHeadersStopIteration: true });
    assert.equal(host.configured, false, JSON.stringify(request));
    const errors = host.errorLogs().map((l) => l.message).join(" | ");
    assert.match(errors, message);
  }
});
