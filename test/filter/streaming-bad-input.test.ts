// Streams that go wrong: garbage events, an event over the size bound, held
// text over the hold-back bound, a body cut mid-event, invalid UTF-8, a reset
// mid-stream, random bytes. The client always gets a well-formed end (or the
// bytes as they came when no guard applies), the VM stays healthy, and a
// counter records what happened.

import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, chunkings, type ProxyWasmHost } from "../host/index.ts";
import { loadWeir } from "./load.ts";
import { parseSse, channelTexts, rng, openAIStream, anthropicStream, data, named } from "./streaming-fixtures.ts";

const key = { mode: "inline", key: "k" };
const regex = { builtins: ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"] };
const config = {
  routes: {
    guarded: { provider: "openai", auth: key, promptGuard: { response: { regex } } },
    claude: { provider: "anthropic", auth: key, promptGuard: { response: { regex } } },
    tight: { provider: "openai", auth: key, promptGuard: { response: { regex, streamHoldBackBytes: 64 } } },
    strict: { provider: "anthropic", auth: key, promptGuard: { response: { regex, streamHoldBackBytes: 64, streamOverflow: "error" } } },
    plain: { provider: "anthropic", auth: key },
  },
};
const SSE = { "content-type": "text/event-stream" };

function run(host: ProxyWasmHost, route: string, body: string | Uint8Array, chunks: number[] = [], complete = true) {
  return exchange(host, {
    routeName: route, complete,
    request: { body: '{"stream":true,"stream_options":{"include_usage":true}}' },
    response: { headers: SSE, body, chunks },
  });
}

function anomaly(host: ProxyWasmHost, route: string, provider: string, reason: string): number {
  return host.metrics.get(`weir.stream.anomalies;route=${route};provider=${provider};reason=${reason}`) ?? 0;
}

const chunk = (content: string, extra: object = {}) =>
  data({ id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

test("an event that is not JSON: with a guard, settled text then an error event and nothing more; without, the bytes as they came", async () => {
  const host = await loadWeir(config);
  const body = chunk("mail me at bo") + chunk("b@x.io ok and 123-45-") + "data: {not json\n\n" + chunk("6789 leaked?") + "data: [DONE]\n\n";
  for (const chunks of chunkings(body.length)) {
    const r = run(host, "guarded", body, chunks);
    const events = parseSse(r.downstream.bodyText);
    assert.equal(r.downstream.ended, true);
    const last = JSON.parse(events.at(-1)!.data);
    assert.match(last.error.message, /Weir ended the stream: the provider sent a stream event that is not JSON/);
    const text = channelTexts("openai", events.slice(0, -1)).get(0);
    assert.equal(text, "mail me at <EMAIL_ADDRESS> ok and ", "held text (a possible SSN) is dropped, never released unsettled");
    assert.ok(!r.downstream.bodyText.includes("6789"));
  }
  assert.ok(anomaly(host, "guarded", "openai", "not_json") > 0);
  const plain = run(host, "plain", "event: x\ndata: <html>\n\n" + anthropicStream(), [7]);
  assert.equal(plain.downstream.bodyText, "event: x\ndata: <html>\n\n" + anthropicStream());
  assert.equal(anomaly(host, "plain", "anthropic", "not_json"), 1);
  host.assertNoErrorLogs();
});

test("an event over 1 MiB: with a guard the stream ends with an error event; without, the bytes pass as they came", async () => {
  const host = await loadWeir(config);
  const huge = chunk("x".repeat((1 << 20) + 100000));
  const body = chunk("hello ") + huge + chunk("after");
  const r = run(host, "guarded", body, [100, ...new Array(20).fill(65536)]);
  const events = parseSse(r.downstream.bodyText);
  assert.equal(events.length, 2);
  assert.match(JSON.parse(events[1].data).error.message, /larger than 1048576 bytes/);
  assert.equal(anomaly(host, "guarded", "openai", "event_too_large"), 1);
  const big = named("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "y".repeat((1 << 20) + 100000) } });
  const plainBody = anthropicStream().replace("event: content_block_stop", big + "event: content_block_stop");
  const p = run(host, "plain", plainBody, [500, ...new Array(20).fill(70000)]);
  assert.equal(p.downstream.bodyText, plainBody);
  assert.equal(anomaly(host, "plain", "anthropic", "event_too_large"), 1);
  host.assertNoErrorLogs();
});

test("hold-back bound (streamHoldBackBytes 64): held text is masked as a whole (default) or the stream ends with an error (streamOverflow error); never leaked", async () => {
  const host = await loadWeir(config);
  // A run of address characters keeps an email match alive; it does end in one.
  const secret = "a".repeat(100) + "secret@example.com";
  const deltas = ["start ", ...secret.match(/.{1,7}/g)!, " end"];
  const body = deltas.map((d) => chunk(d)).join("") + data({ id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) + "data: [DONE]\n\n";
  for (const chunks of [[], [1], [33, 7, 200]]) {
    const r = run(host, "tight", body, chunks);
    const text = channelTexts("openai", parseSse(r.downstream.bodyText)).get(0)!;
    assert.ok(!text.includes("secret"), text);
    assert.match(text, /^start <REDACTED>/);
    assert.match(text, /<EMAIL_ADDRESS> end$/, "scanning restarts after the redaction, so the address's tail is still masked");
  }
  assert.ok(anomaly(host, "tight", "openai", "hold_back_exceeded") > 0);

  const claudeBody = named("message_start", { type: "message_start", message: { model: "claude", usage: { input_tokens: 1 } } }) +
    deltas.map((text) => named("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })).join("") +
    named("content_block_stop", { type: "content_block_stop", index: 0 }) + named("message_stop", { type: "message_stop" });
  const s = run(host, "strict", claudeBody, [10]);
  const events = parseSse(s.downstream.bodyText);
  assert.equal(events.at(-1)!.name, "error");
  assert.equal(JSON.parse(events.at(-1)!.data).type, "error");
  assert.match(JSON.parse(events.at(-1)!.data).error.message, /held back for the response guard exceeded 64 bytes/);
  assert.ok(!s.downstream.bodyText.includes("secret"));
  assert.ok(!s.downstream.bodyText.includes("message_stop"), "nothing after the error event");
  assert.equal(anomaly(host, "strict", "anthropic", "hold_back_exceeded"), 1);
  host.assertNoErrorLogs();
});

test("a body cut mid-event: with a guard, the settled and held text then an error event; without, the bytes as they came", async () => {
  const host = await loadWeir(config);
  const full = anthropicStream();
  const cut = full.slice(0, full.indexOf("Card 4111") + 12);
  const r = run(host, "claude", cut, [50]);
  const events = parseSse(r.downstream.bodyText);
  assert.equal(events.at(-1)!.name, "error");
  assert.match(JSON.parse(events.at(-1)!.data).error.message, /cut in the middle of an event/);
  assert.equal(anomaly(host, "claude", "anthropic", "truncated"), 1);
  const p = run(host, "plain", cut, [50]);
  assert.equal(p.downstream.bodyText, cut);
  assert.equal(anomaly(host, "plain", "anthropic", "truncated"), 1);
  // A last event missing only its blank line is still an event.
  const lenient = run(host, "guarded", chunk("ok bye").trimEnd() + "\n", []);
  assert.equal(channelTexts("openai", parseSse(lenient.downstream.bodyText)).get(0), "ok bye");
  host.assertNoErrorLogs();
});

test("invalid UTF-8 inside an event: counted, the client still gets valid JSON, the VM is fine", async () => {
  const host = await loadWeir(config);
  const head = Buffer.from('data: {"choices":[{"index":0,"delta":{"content":"bad \xff\xfe bytes 123-45-6789 ');
  const body = Buffer.concat([head, Buffer.from([0xc3, 0x28, 0xf0, 0x9f]), Buffer.from(' end"},"finish_reason":null}]}\n\ndata: [DONE]\n\n')]);
  for (const chunks of chunkings(body.length)) {
    const r = run(host, "guarded", body, chunks);
    const events = parseSse(r.downstream.bodyText);
    const text = channelTexts("openai", events).get(0)!;
    assert.match(text, /<US_SSN>/);
    assert.ok(!text.includes("6789"));
  }
  assert.ok(anomaly(host, "guarded", "openai", "invalid_utf8") > 0);
  host.assertNoErrorLogs();
});

test("a stream reset mid-body is counted as incomplete and its usage so far is still recorded", async () => {
  const host = await loadWeir(config);
  const s = host.newStream({ properties: { "xds\0route_name": "plain" } });
  s.sendRequestHeaders({ ":method": "POST", ":path": "/v1/messages", ":authority": "x", ":scheme": "http" }, false);
  s.sendRequestBody('{"stream":true}', true);
  s.sendResponseHeaders({ ":status": "200", "content-type": "text/event-stream" }, false);
  const full = anthropicStream();
  s.sendResponseBody(full.slice(0, 700), false);
  s.complete();
  assert.equal(anomaly(host, "plain", "anthropic", "incomplete"), 1);
  assert.equal(host.metrics.get("weir.tokens.prompt;route=plain;provider=anthropic;model=claude-3-5-haiku-20241022"), 30);
});

test("a compressed response on a guarded route is refused (502) rather than passed unread", async () => {
  const host = await loadWeir(config);
  const r = exchange(host, {
    routeName: "guarded", request: { body: "{}" },
    response: { headers: { ...SSE, "content-encoding": "gzip" }, body: "\x1f\x8b\x08garbage" },
  });
  assert.equal(r.downstream.status, 502);
  assert.match(r.downstream.bodyText, /encoded \(gzip\)/);
});

test("random bytes and mangled streams never abort the VM and always end well-formed (400 seeded cases)", async () => {
  const host = await loadWeir(config);
  const next = rng(42);
  const pieces = [openAIStream(), anthropicStream(), "data: ", "\n", "\r\n", "\r", ":", "event: x", "{", "}", '"', "\\", "[DONE]", "\xff", "é", "🙂"];
  for (let k = 0; k < 400; k++) {
    let body = "";
    const n = 1 + Math.floor(next() * 30);
    for (let i = 0; i < n; i++) {
      const p = pieces[Math.floor(next() * pieces.length)];
      const from = Math.floor(next() * p.length);
      body += p.slice(from, from + 1 + Math.floor(next() * 200));
    }
    const chunks = Array.from({ length: 1 + Math.floor(next() * 8) }, () => 1 + Math.floor(next() * 64));
    for (const route of ["guarded", "claude"]) {
      const r = run(host, route, body, chunks);
      assert.equal(r.downstream.ended, true);
      assert.doesNotThrow(() => parseSse(r.downstream.bodyText), `case ${k} ${route}: ${JSON.stringify(body).slice(0, 200)}`);
    }
    run(host, "plain", body, chunks);
  }
  host.assertNoErrorLogs();
});
