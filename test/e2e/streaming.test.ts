// Streaming through real Envoy + the built filter + controller-rendered config
// (AIPolicy response guards, routeType CHAT_STREAMING for Gemini), with the
// mock provider cutting SSE bytes awkwardly (mid-line, mid-JSON, mid-UTF-8).
// The official openai SDK consumes the OpenAI stream.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { aiPolicy, gateway, llmRoute, readStream, startStack, type Stack } from "./stack.ts";
import { MULTIBYTE_TEXT } from "../mock/server.ts";
import { parseSse, channelTexts } from "../filter/streaming-fixtures.ts";

const guard = `promptGuard:
  response:
    regex:
      builtins: [SSN, CREDIT_CARD, EMAIL, PHONE_NUMBER]
      matches: [{pattern: "(?i)project\\\\s+falcon", name: CODENAME}]`;

/** An AIPolicy with the response guard above (and `extra` spec.ai fields). */
function guarded(name: string, route: string, extra = ""): string {
  return aiPolicy(name, route, extra + guard);
}

const TEXT = `Contact jane.doe@corp.example or call (415) 555-2671; SSN 123-45-6789, card 4111 1111 1111 1111. ${MULTIBYTE_TEXT} Project Falcon ends here`;
const MASKED = `Contact <EMAIL_ADDRESS> or call <PHONE_NUMBER>; SSN <US_SSN>, card <CREDIT_CARD>. ${MULTIBYTE_TEXT} <CODENAME> ends here`;
/** Cuts that fall mid-line, mid-JSON and mid-UTF-8 (cycled over the whole body). */
const AWKWARD = [{ kind: "bytes" as const, sizes: [1, 3, 7, 2, 50, 5] }, { kind: "bytes" as const, sizes: [13] }, { kind: "bytes" as const, sizes: [1] }];

let stack: Stack;

before(async () => {
  stack = await startStack((port) => gateway(port) +
    llmRoute("openai", "/openai", `
openai:
  model: gpt-4o-mini
  authToken: {kind: Inline, inline: sk-openai}`) + guarded("openai-guard", "openai") +
    llmRoute("anthropic", "/anthropic", `
anthropic:
  model: claude-3-5-haiku-latest
  authToken: {kind: Inline, inline: sk-anthropic}`) + guarded("anthropic-guard", "anthropic") +
    llmRoute("gemini", "/gemini", `
gemini:
  model: gemini-2.0-flash
  apiVersion: v1beta
  authToken: {kind: Inline, inline: g-key}`) + guarded("gemini-guard", "gemini", "routeType: CHAT_STREAMING\n") +
    llmRoute("plain", "/plain", `
openai:
  model: gpt-4o-mini
  authToken: {kind: Inline, inline: sk-openai}`), { accessLog: true });
});

after(async () => {
  await stack?.stop();
});

test("openai SDK, streaming, awkward chunking: the SDK sees exactly the masked text, and the usage it asked for", async () => {
  const client = new OpenAI({ apiKey: "client", baseURL: `${stack.gatewayUrl}/openai/v1` });
  for (const chunking of AWKWARD) {
    stack.mock.reply({ text: TEXT, chunking });
    const stream = await client.chat.completions.create({
      model: "gpt-4o", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "tell me" }],
    });
    const { text, usage } = await readStream(stream);
    assert.equal(text, MASKED, JSON.stringify(chunking));
    assert.equal(usage?.prompt_tokens, 2);
    assert.equal(usage?.completion_tokens, TEXT.split(/\s+/).length);
    assert.equal(usage?.total_tokens, 2 + TEXT.split(/\s+/).length);
  }
});

test("openai SDK without stream_options: Weir asks for usage, records it, and the SDK sees no usage chunk", async () => {
  const client = new OpenAI({ apiKey: "client", baseURL: `${stack.gatewayUrl}/plain/v1` });
  stack.mock.reply({ text: "four words of text", chunking: AWKWARD[0] });
  const stream = await client.chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "one two three" }] });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join(""), "four words of text");
  assert.ok(chunks.every((c) => c.choices.length === 1 && !("usage" in c)), "no usage chunk and no usage member the client did not ask for");
  const sent = stack.mock.received.at(-1)!.json as { stream_options?: unknown };
  assert.deepEqual(sent.stream_options, { include_usage: true });
  const stats = await envoyStats();
  assert.equal(stats["wasmcustom.weir.tokens.completion;route=httproute/default/plain/rule/0/match/0;provider=openai;model=gpt-4o-mini"], 4);
});

test("Anthropic stream through Envoy: masked per content block, every other event byte-intact, usage from message_start + message_delta", async () => {
  for (const chunking of AWKWARD) {
    stack.mock.reply({ text: TEXT, chunking, toolCalls: [{ name: "mail", arguments: { to: "jane.doe@corp.example" } }] });
    const res = await fetch(`${stack.gatewayUrl}/anthropic/v1/messages`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ max_tokens: 100, stream: true, messages: [{ role: "user", content: "hello there" }] }),
    });
    assert.equal(res.status, 200);
    const events = parseSse(await res.text());
    assert.equal(channelTexts("anthropic", events).get(0), MASKED);
    const partial = events.filter((e) => e.data.includes("input_json_delta")).map((e) => JSON.parse(e.data).delta.partial_json).join("");
    assert.deepEqual(JSON.parse(partial), { to: "jane.doe@corp.example" }, "tool input passes untouched");
    assert.deepEqual(events.map((e) => e.name).filter((n) => n !== "content_block_delta"),
      ["message_start", "content_block_start", "ping", "content_block_stop", "content_block_start", "content_block_stop", "message_delta", "message_stop"]);
  }
  const line = (await stack.accessLog("/anthropic/")).filter((l) => l.includes("/anthropic/")).at(-1)!;
  const words = TEXT.split(/\s+/).length;
  assert.match(line, new RegExp(`prompt=2 completion=\\d+ total=\\d+ model=claude-3-5-haiku-latest`));
  assert.ok(Number(/completion=(\d+)/.exec(line)![1]) > words, line);
});

test("Gemini (routeType CHAT_STREAMING → :streamGenerateContent?alt=sse, CRLF events): masked per candidate", async () => {
  for (const chunking of AWKWARD) {
    stack.mock.reply({ text: TEXT, chunking });
    const res = await fetch(`${stack.gatewayUrl}/gemini/anything`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(stack.mock.received.at(-1)!.path, "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    const body = await res.text();
    assert.ok(body.includes("\r\n\r\n"));
    assert.equal(channelTexts("gemini", parseSse(body)).get(0), MASKED);
  }
});

test("metrics: Prometheus labels from the stats tags; access log lines carry the filter state", async () => {
  const prom = await (await fetch(`${stack.envoy.adminUrl}/stats/prometheus`)).text();
  const line = prom.split("\n").find((l) => l.startsWith("weir_tokens_total{route=\"httproute/default/openai/rule/0/match/0\""));
  assert.ok(line, prom.split("\n").filter((l) => l.includes("weir")).join("\n"));
  assert.match(line!, /^weir_tokens_total\{route="httproute\/default\/openai\/rule\/0\/match\/0",provider="openai",model="gpt-4o-mini"\} \d+$/);
  assert.ok(prom.includes('weir_response_masked{route="httproute/default/anthropic/rule/0/match/0",provider="anthropic"}'),
    prom.split("\n").filter((l) => l.includes("weir")).join("\n"));
  const openaiLines = (await stack.accessLog("route=httproute/default/openai/")).filter((l) => l.includes("route=httproute/default/openai/"));
  assert.ok(openaiLines.length >= 3);
  for (const l of openaiLines) assert.match(l, /prompt=2 completion=\d+ total=\d+ model=gpt-4o-mini$/);
});

test("an upstream reset mid-stream: Envoy and the VM stay healthy, the stream is counted incomplete", async () => {
  stack.mock.reply({ text: TEXT, chunking: { kind: "bytes", sizes: [40] }, abortAfterWrites: 5 });
  const res = await fetch(`${stack.gatewayUrl}/anthropic/v1/messages`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ max_tokens: 100, stream: true, messages: [{ role: "user", content: "x" }] }),
  });
  await res.text().catch(() => "");
  await new Promise((r) => setTimeout(r, 300));
  const stats = await envoyStats();
  assert.ok((stats["wasmcustom.weir.stream.anomalies;route=httproute/default/anthropic/rule/0/match/0;provider=anthropic;reason=incomplete"] ?? 0) >= 1);
  // Still serving.
  stack.mock.reply({ text: "all good now" });
  const ok = await fetch(`${stack.gatewayUrl}/anthropic/v1/messages`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ max_tokens: 100, stream: true, messages: [{ role: "user", content: "x" }] }),
  });
  assert.equal(channelTexts("anthropic", parseSse(await ok.text())).get(0), "all good now");
});

test("Envoy logged no wasm warnings or errors", () => {
  assert.deepEqual(stack.envoy.wasmProblems(), []);
});

async function envoyStats(): Promise<Record<string, number>> {
  const text = await (await fetch(`${stack.envoy.adminUrl}/stats?filter=wasmcustom`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const at = line.lastIndexOf(": ");
    if (at > 0) out[line.slice(0, at)] = Number(line.slice(at + 2));
  }
  return out;
}
