// Streaming through the filter in the proxy-wasm test host: SSE framing for
// every provider, exact masking across chunk boundaries (every split offset,
// byte by byte, and seeded random multi-splits), events kept byte-intact
// except their text, and usage read from streams.

import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, chunkings, type ProxyWasmHost } from "../host/index.ts";
import { loadWeir } from "./load.ts";
import {
  type Format, type ClientEvent, parseSse, channelTexts, skeleton, randomChunkings,
  openAIStream, anthropicStream, geminiStream, data,
} from "./streaming-fixtures.ts";

const key = { mode: "inline", key: "k" };
const regex = {
  builtins: ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"],
  matches: [{ pattern: "(?i)project\\s+falcon", name: "CODENAME" }],
};
export const STREAMING_CONFIG = {
  routes: {
    openai: { provider: "openai", auth: key, promptGuard: { response: { regex } } },
    azure: { provider: "azureopenai", auth: key, promptGuard: { response: { regex } } },
    anthropic: { provider: "anthropic", auth: key, promptGuard: { response: { regex } } },
    gemini: { provider: "gemini", auth: key, promptGuard: { response: { regex } } },
    vertex: { provider: "vertexai", auth: key, promptGuard: { response: { regex } } },
    plainOpenai: { provider: "openai", auth: key, model: "gpt-4o-mini" },
    plainAnthropic: { provider: "anthropic", auth: key },
    plainGemini: { provider: "gemini", auth: key },
  },
};

const SSE = { "content-type": "text/event-stream; charset=utf-8" };

function streamExchange(host: ProxyWasmHost, route: string, body: string | Uint8Array, chunks: readonly number[], requestBody = '{"stream":true,"stream_options":{"include_usage":true}}') {
  return exchange(host, {
    routeName: route,
    request: { headers: { "content-type": "application/json" }, body: requestBody },
    response: { headers: SSE, body, chunks },
  });
}

/** The oracle: the filter's batch masking (non-streaming path) of one whole text. */
function batchMask(host: ProxyWasmHost, text: string): string {
  const r = exchange(host, {
    routeName: "openai", request: { body: "{}" },
    response: { headers: { "content-type": "application/json" }, body: JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: text } }] }) },
  });
  return JSON.parse(r.downstream.bodyText).choices[0].message.content;
}

function eventText(format: Format, e: ClientEvent): string {
  return [...channelTexts(format, [e]).values()].join("");
}

function isSyntheticText(format: Format, e: ClientEvent): boolean {
  if (!e.data || e.data === "[DONE]") return false;
  const p = JSON.parse(e.data);
  if (format === "openai") return p.choices?.length === 1 && Object.keys(p.choices[0].delta).join() === "content" && p.choices[0].finish_reason === null;
  if (format === "anthropic") return e.name === "content_block_delta" && p.delta?.type === "text_delta";
  return p.candidates?.length === 1 && !p.candidates[0].finishReason && p.candidates[0].content.parts.every((x: any) => Object.keys(x).join() === "text");
}

/**
 * Every upstream event reaches the client as one event whose every byte is
 * the same except its text; extra events are synthetic text events only.
 * Returns how many synthetic events were inserted.
 */
function checkStructure(format: Format, upstream: string, downstream: string, dropped: (e: ClientEvent) => boolean = () => false): number {
  const up = parseSse(upstream);
  const down = parseSse(downstream);
  let j = 0;
  let synthetic = 0;
  for (const u of up) {
    if (dropped(u)) continue;
    while (j < down.length && (down[j].name !== u.name || skeleton(format, down[j].data) !== skeleton(format, u.data))) {
      assert.ok(isSyntheticText(format, down[j]), `unexpected event ${down[j].raw} before ${u.raw}`);
      synthetic++;
      j++;
    }
    assert.ok(j < down.length, `upstream event missing downstream: ${u.raw}`);
    const d = down[j++];
    if (eventText(format, d) === eventText(format, u)) assert.equal(d.raw, u.raw, "an event whose text did not change is byte-identical");
  }
  for (; j < down.length; j++, synthetic++) assert.ok(isSyntheticText(format, down[j]), `unexpected trailing event ${down[j].raw}`);
  return synthetic;
}

interface Case { format: Format; route: string; stream: string }

function expectedTexts(host: ProxyWasmHost, c: Case): Map<number, string> {
  const out = new Map<number, string>();
  for (const [ch, text] of channelTexts(c.format, parseSse(c.stream))) out.set(ch, batchMask(host, text));
  return out;
}

function checkAllChunkings(host: ProxyWasmHost, c: Case, seed: number): { runs: number; synthetic: number } {
  const body = Buffer.from(c.stream);
  const expected = expectedTexts(host, c);
  // The sample must actually need masking across events, or the test proves little.
  const raw = channelTexts(c.format, parseSse(c.stream));
  assert.notDeepEqual(expected, raw);
  const splits = [...chunkings(body.length), ...randomChunkings(body.length, 300, seed)];
  let maxSynthetic = 0;
  for (const chunks of splits) {
    const r = streamExchange(host, c.route, body, chunks);
    assert.equal(r.downstream.status, 200);
    assert.equal(r.downstream.ended, true);
    const got = channelTexts(c.format, parseSse(r.downstream.bodyText));
    assert.deepEqual(got, expected, `chunks ${JSON.stringify(chunks)}`);
    maxSynthetic = Math.max(maxSynthetic, checkStructure(c.format, c.stream, r.downstream.bodyText));
  }
  return { runs: splits.length, synthetic: maxSynthetic };
}

test("OpenAI stream (2 choices, tool call, usage): masked text is exact at every split offset and 300 random multi-splits", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const c: Case = { format: "openai", route: "openai", stream: openAIStream({ usage: true, usageNull: true }) };
  const { runs, synthetic } = checkAllChunkings(host, c, 1);
  assert.ok(runs > Buffer.byteLength(c.stream));
  assert.ok(synthetic <= 2, "at most one synthetic event per choice");
  // The client asked for usage itself: it keeps it.
  const r = streamExchange(host, "openai", c.stream, []);
  const events = parseSse(r.downstream.bodyText);
  assert.deepEqual(JSON.parse(events.at(-2)!.data).usage, { prompt_tokens: 31, completion_tokens: 57, total_tokens: 88 });
  host.assertNoErrorLogs();
});

test("Anthropic stream (text block, tool_use block): exact at every split offset and 300 random multi-splits", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const c: Case = { format: "anthropic", route: "anthropic", stream: anthropicStream() };
  checkAllChunkings(host, c, 2);
  const r = streamExchange(host, "anthropic", c.stream, [], '{"stream":true}');
  const events = parseSse(r.downstream.bodyText);
  // The tool call's partial JSON (with an address in it) is untouched.
  assert.ok(r.downstream.bodyText.includes('"partial_json":"{\\"to\\": \\"secret.agent"'));
  assert.equal(events.at(-1)!.name, "message_stop");
  host.assertNoErrorLogs();
});

test("Gemini stream (CRLF events, text and finish in the last chunk): exact at every split offset and 300 random multi-splits", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const c: Case = { format: "gemini", route: "gemini", stream: geminiStream() };
  const { synthetic } = checkAllChunkings(host, c, 3);
  assert.equal(synthetic, 0, "the held text goes into the finishing chunk's own text");
  checkAllChunkings(host, { ...c, route: "vertex" }, 4);
  host.assertNoErrorLogs();
});

test("a card right after a short digit group (whose longer span fails Luhn) is masked at every split", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const head = { id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini" };
  const deltas = ["Order 12 41", "11 1111 1111 ", "1111 ok, ref 7 5105105105105100."];
  const stream = deltas.map((content) => data({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }] })).join("") +
    data({ ...head, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) + "data: [DONE]\n\n";
  const c: Case = { format: "openai", route: "openai", stream };
  assert.equal(expectedTexts(host, c).get(0), "Order <CREDIT_CARD> ok, ref <CREDIT_CARD>.");
  checkAllChunkings(host, c, 5);
  host.assertNoErrorLogs();
});

test("Azure OpenAI streams are masked like OpenAI's", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const stream = openAIStream();
  const r = streamExchange(host, "azure", stream, [5, 7, 300, 1]);
  const texts = channelTexts("openai", parseSse(r.downstream.bodyText));
  assert.equal(texts.get(1), "Other choice mails <EMAIL_ADDRESS> and <US_SSN>");
  assert.match(texts.get(0)!, /^Sure! Write to <EMAIL_ADDRESS> or call <PHONE_NUMBER>\. SSN: <US_SSN>, card <CREDIT_CARD> done\. <CODENAME>: é✓🙂 "quoted"\nbye$/);
});

test("held-back text moves to later events; the flush is one synthetic event right before the event that ends the choice/block", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const r = streamExchange(host, "openai", openAIStream(), []);
  const events = parseSse(r.downstream.bodyText).filter((e) => e.data && e.data !== "[DONE]");
  const choice = (n: number) => events.map((e) => JSON.parse(e.data).choices[0]).filter((c) => c.index === n)
    .map((c) => c.finish_reason ? `<finish:${c.finish_reason}>` : c.delta.content ?? "<tool call>");
  assert.deepEqual(choice(0), [
    "", "Sure! Write to ", "", "<EMAIL_ADDRESS> or call ", "<PHONE_NUMBER>. SSN: ", "", "<US_SSN>, card ",
    "<CREDIT_CARD> done. ", "<CODENAME>: é✓🙂 \"quoted\"\n", "",
    "bye", // synthetic: a word can begin an email address, so it waited for the end of the choice
    "<finish:stop>",
  ]);
  assert.deepEqual(choice(1), [
    "", "Other choice mails ", "", "<EMAIL_ADDRESS> and ", "", "<tool call>", "<tool call>", "<tool call>",
    "<US_SSN>", // synthetic, just before this choice's finish_reason
    "<finish:tool_calls>",
  ]);
  const synthetic = JSON.parse(events.find((e) => e.data.includes('"content":"bye"'))!.data);
  assert.deepEqual(synthetic, {
    id: "chatcmpl-42", object: "chat.completion.chunk", created: 1700000000, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_1",
    choices: [{ index: 0, delta: { content: "bye" }, logprobs: null, finish_reason: null }],
  });

  const claude = parseSse(streamExchange(host, "anthropic", anthropicStream(), []).downstream.bodyText);
  const stop = claude.findIndex((e) => e.name === "content_block_stop");
  assert.equal(claude[stop - 1].raw, 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Q"}}\n\n');
  assert.equal(JSON.parse(claude[stop - 2].data).delta.text, "<CODENAME>? Regards, ");
});

test("usage from streams: Anthropic message_start + message_delta, Gemini usageMetadata, OpenAI usage chunk → counters and filter state", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const claude = streamExchange(host, "anthropic", anthropicStream(), [100, 3]);
  assert.equal(text(claude.stream.getProperty("weir.prompt_tokens")), "30", "input + cache read tokens");
  assert.equal(text(claude.stream.getProperty("weir.completion_tokens")), "42");
  assert.equal(text(claude.stream.getProperty("weir.total_tokens")), "72");
  assert.equal(text(claude.stream.getProperty("weir.model")), "claude-3-5-haiku-20241022");
  const gemini = streamExchange(host, "plainGemini", geminiStream(), [50]);
  assert.equal(text(gemini.stream.getProperty("weir.completion_tokens")), "23", "candidates + thoughts");
  assert.equal(text(gemini.stream.getProperty("weir.total_tokens")), "35");
  streamExchange(host, "openai", openAIStream({ usage: true }), [1000]);
  const m = host.metrics;
  assert.equal(m.get("weir.tokens.prompt;route=anthropic;provider=anthropic;model=claude-3-5-haiku-20241022"), 30);
  assert.equal(m.get("weir.tokens.completion;route=anthropic;provider=anthropic;model=claude-3-5-haiku-20241022"), 42);
  assert.equal(m.get("weir.tokens.total;route=plainGemini;provider=gemini;model=gemini-2.0-flash-001"), 35);
  assert.equal(m.get("weir.tokens.total;route=openai;provider=openai;model=gpt-4o-mini-2024-07-18"), 88);
  assert.ok((m.get("weir.response.masked;route=anthropic;provider=anthropic") ?? 0) >= 4);
  assert.deepEqual(host.metricStore.envoyStats()["wasmcustom.weir.tokens.prompt;route=anthropic;provider=anthropic;model=claude-3-5-haiku-20241022"], 30);
});

function text(v: Uint8Array | null): string | null {
  return v === null ? null : Buffer.from(v).toString();
}

test("OpenAI without include_usage: Weir asks for usage, records it, and the client sees exactly the stream it asked for", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const withUsage = openAIStream({ usage: true, usageNull: true });
  const asClientAsked = openAIStream();
  const body = JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] });
  for (const chunks of [...chunkings(Buffer.byteLength(withUsage)).filter((_, i) => i % 7 === 0), ...randomChunkings(withUsage.length, 50, 9)]) {
    const r = exchange(host, {
      routeName: "plainOpenai",
      request: { headers: { "content-type": "application/json" }, body },
      response: (upstream) => {
        assert.deepEqual(JSON.parse(upstream.bodyText).stream_options, { include_usage: true });
        return { headers: SSE, body: withUsage, chunks };
      },
    });
    assert.equal(r.downstream.bodyText, asClientAsked, `chunks ${JSON.stringify(chunks)}`);
  }
  assert.equal(host.metrics.get("weir.tokens.prompt;route=plainOpenai;provider=openai;model=gpt-4o-mini-2024-07-18")! > 0, true);
  // stream_options present without include_usage, null, or include_usage false: all get it; true is left alone.
  for (const [options, expected] of [
    [{}, { include_usage: true }], [null, { include_usage: true }], [{ include_usage: false }, { include_usage: true }], [{ include_usage: true }, { include_usage: true }],
  ] as const) {
    const r = exchange(host, { routeName: "plainOpenai", request: { body: JSON.stringify({ stream: true, stream_options: options, messages: [] }) } });
    assert.deepEqual(JSON.parse(r.upstream.bodyText).stream_options, expected);
  }
  const notStreamed = exchange(host, { routeName: "plainOpenai", request: { body: JSON.stringify({ messages: [] }) } });
  assert.equal(JSON.parse(notStreamed.upstream.bodyText).stream_options, undefined);
  host.assertNoErrorLogs();
});

test("no guard: the stream passes byte for byte at every split while usage is read", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const stream = anthropicStream();
  let runs = 0;
  for (const chunks of chunkings(Buffer.byteLength(stream))) {
    const r = streamExchange(host, "plainAnthropic", stream, chunks, '{"stream":true}');
    assert.equal(r.downstream.bodyText, stream);
    runs++;
  }
  assert.equal(host.metrics.get("weir.tokens.completion;route=plainAnthropic;provider=anthropic;model=claude-3-5-haiku-20241022"), 42 * runs);
});

test("non-streaming usage: read without buffering when no guard is on, from the masked parse when one is", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const openai = JSON.stringify({ id: "c", model: "gpt-4o-2024-08-06", choices: [{ index: 0, message: { role: "assistant", content: "hi" } }], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0 } } });
  for (const chunks of chunkings(openai.length)) {
    const r = exchange(host, { routeName: "plainOpenai", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: openai, chunks } });
    assert.equal(r.downstream.bodyText, openai);
    assert.equal(text(r.stream.getProperty("weir.total_tokens")), "9");
  }
  const claude = JSON.stringify({ id: "m", type: "message", model: "claude-x", content: [{ type: "text", text: "a \"usage\": {} trap" }], usage: { input_tokens: 3, output_tokens: 4, cache_creation_input_tokens: 2 } });
  const c = exchange(host, { routeName: "plainAnthropic", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: claude, chunks: [10, 10, 10] } });
  assert.equal(text(c.stream.getProperty("weir.prompt_tokens")), "5");
  assert.equal(text(c.stream.getProperty("weir.completion_tokens")), "4");
  // Gemini's streamGenerateContent without alt=sse: a JSON array; the last usageMetadata counts.
  const array = "[" + [1, 2].map((n) => JSON.stringify({ candidates: [{ content: { parts: [{ text: "x" }] } }], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: n, totalTokenCount: 4 + n }, modelVersion: "gemini-2.5-pro" })).join(",\r\n") + "]";
  const g = exchange(host, { routeName: "plainGemini", request: { body: "{}" }, response: { headers: { "content-type": "application/json; charset=UTF-8" }, body: array, chunks: [1, 2, 3, 5, 8, 13] } });
  assert.equal(text(g.stream.getProperty("weir.total_tokens")), "6");
  assert.equal(host.metrics.get("weir.tokens.total;route=plainGemini;provider=gemini;model=gemini-2.5-pro"), 6);
  // With a guard the body is buffered and masked, and the same parse gives usage.
  const guarded = exchange(host, { routeName: "anthropic", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: claude.replace("trap", "me@x.io") } });
  assert.match(guarded.downstream.bodyText, /<EMAIL_ADDRESS>/);
  assert.equal(text(guarded.stream.getProperty("weir.total_tokens")), "9");
  // Errors carry no usage.
  const err = exchange(host, { routeName: "plainOpenai", request: { body: "{}" }, response: { status: 429, headers: { "content-type": "application/json" }, body: '{"error":{"message":"slow down"},"usage":{"prompt_tokens":1}}' } });
  assert.equal(err.stream.getProperty("weir.prompt_tokens"), null);
});

test("Gemini's JSON-array stream (no alt=sse) with a guard: a match split across elements is masked", async () => {
  const host = await loadWeir(STREAMING_CONFIG);
  const parts = ["mail x", "@y.example now", " ssn 078-05-", "1120"];
  const array = "[" + parts.map((t, i) => JSON.stringify({ candidates: [{ content: { parts: [{ text: t }], role: "model" }, index: 0, ...(i === 3 ? { finishReason: "STOP" } : {}) }] })).join(",\r\n") + "]";
  const r = exchange(host, { routeName: "gemini", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: array } });
  const texts = (JSON.parse(r.downstream.bodyText) as any[]).map((e) => e.candidates[0].content.parts[0].text).join("");
  assert.equal(texts, "mail <EMAIL_ADDRESS> now ssn <US_SSN>");
});
