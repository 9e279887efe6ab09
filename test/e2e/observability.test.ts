// Metrics and access log through real Envoy, on the controller's config as
// rendered (stats tags in the bootstrap, an access log on every listener,
// the provider in each LLM route's metadata): a request guard REJECT, a
// request guard MASK with a masked answer, a streamed and a non-streamed
// completion, and a stream over its policy's streamHoldBackBytes. The
// Prometheus scrape shows Weir's counters with their labels; each request's
// access log line shows its route, provider, model, tokens and guard outcome.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { aiPolicy, gateway, llmRoute, readStream, startStack, type Stack } from "./stack.ts";
import { parseSse } from "../filter/streaming-fixtures.ts";

const OPENAI = `
openai:
  model: gpt-4o-mini
  authToken: {kind: Inline, inline: sk-openai}`;

const REJECT_ROUTE = "httproute/default/strict/rule/0/match/0";
const MASK_ROUTE = "httproute/default/masked/rule/0/match/0";
const TIGHT_ROUTE = "httproute/default/tight/rule/0/match/0";

let stack: Stack;

before(async () => {
  stack = await startStack((port) => gateway(port) +
    llmRoute("strict", "/strict", OPENAI) + aiPolicy("strict-guard", "strict", `promptGuard:
  request:
    regex: {action: REJECT, builtins: [SSN]}`) +
    llmRoute("masked", "/masked", OPENAI) + aiPolicy("masked-guard", "masked", `promptGuard:
  request:
    regex: {action: MASK, builtins: [EMAIL]}
  response:
    regex: {builtins: [PHONE_NUMBER]}
    streamHoldBackBytes: 1024
    streamOverflow: mask`) +
    llmRoute("tight", "/tight", OPENAI) + aiPolicy("tight-guard", "tight", `promptGuard:
  response:
    regex: {matches: [{pattern: "BEGIN[a-z ]*END", name: SECRET}]}
    streamHoldBackBytes: 64
    streamOverflow: error`), { accessLog: true });
});

after(async () => {
  await stack?.stop();
});

const client = (prefix: string) => new OpenAI({ apiKey: "client", baseURL: `${stack.gatewayUrl}${prefix}/v1`, maxRetries: 0 });

test("REJECT: 403, counted as weir_request_guard{outcome=rejected}, logged guard=rejected without tokens", async () => {
  await assert.rejects(
    client("/strict").chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "my SSN is 123-45-6789" }] }),
    (e: unknown) => e instanceof OpenAI.APIError && e.status === 403,
  );
  assert.equal(stack.mock.received.length, 0, "the provider was never called");
  const line = await logLine(0);
  assert.match(line, new RegExp(`method=POST path=/strict/v1/chat/completions status=403 .* route=${REJECT_ROUTE} provider=openai guard=rejected prompt=- completion=- total=- model=-$`));
  const prom = await scrape();
  assert.match(prom, new RegExp(`^weir_request_guard\\{route="${REJECT_ROUTE}",provider="openai",model="gpt-4o-mini",outcome="rejected"\\} 1$`, "m"));
});

test("MASK, not streamed: the prompt and the answer masked, tokens and outcome in metrics and log", async () => {
  stack.mock.reply({ text: "call me on (415) 555-2671 tomorrow" });
  const res = await client("/masked").chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "mail jane.doe@corp.example now" }] });
  assert.equal(res.choices[0].message.content, "call me on <PHONE_NUMBER> tomorrow");
  assert.equal(JSON.stringify(stack.mock.received.at(-1)!.json).includes("jane.doe@corp.example"), false, "the provider saw the prompt masked");
  const { prompt_tokens, completion_tokens, total_tokens } = res.usage!;
  const line = await logLine(1);
  assert.match(line, new RegExp(`status=200 .* route=${MASK_ROUTE} provider=openai guard=masked ` +
    `prompt=${prompt_tokens} completion=${completion_tokens} total=${total_tokens} model=gpt-4o-mini$`));
  const prom = await scrape();
  const labels = `route="${MASK_ROUTE}",provider="openai",model="gpt-4o-mini"`;
  assert.match(prom, new RegExp(`^weir_request_guard\\{${labels},outcome="masked"\\} 1$`, "m"));
  assert.match(prom, new RegExp(`^weir_tokens_prompt\\{${labels}\\} ${prompt_tokens}$`, "m"));
  assert.match(prom, new RegExp(`^weir_tokens_completion\\{${labels}\\} ${completion_tokens}$`, "m"));
  assert.match(prom, new RegExp(`^weir_tokens_total\\{${labels}\\} ${total_tokens}$`, "m"));
  assert.match(prom, new RegExp(`^weir_response_masked\\{route="${MASK_ROUTE}",provider="openai"\\} 1$`, "m"));
});

test("streamed: the answer masked in flight, its usage added to the same counters and logged", async () => {
  const before = await scrape();
  const labels = `route="${MASK_ROUTE}",provider="openai",model="gpt-4o-mini"`;
  const totalBefore = Number(new RegExp(`^weir_tokens_total\\{${labels}\\} (\\d+)$`, "m").exec(before)![1]);
  stack.mock.reply({ text: "or on (415) 555-2671 after six", chunking: { kind: "bytes", sizes: [1, 3, 7] } });
  const stream = await client("/masked").chat.completions.create({
    model: "gpt-4o", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "and jane.doe@corp.example" }],
  });
  const { text, usage } = await readStream(stream);
  assert.equal(text, "or on <PHONE_NUMBER> after six");
  assert.ok(usage);
  const line = await logLine(2);
  assert.match(line, new RegExp(`status=200 .* route=${MASK_ROUTE} provider=openai guard=masked prompt=${usage.prompt_tokens} ` +
    `completion=${usage.completion_tokens} total=${usage.total_tokens} model=gpt-4o-mini$`));
  const prom = await scrape();
  assert.match(prom, new RegExp(`^weir_tokens_total\\{${labels}\\} ${totalBefore + usage.total_tokens}$`, "m"));
  assert.match(prom, new RegExp(`^weir_request_guard\\{${labels},outcome="masked"\\} 2$`, "m"));
  assert.match(prom, new RegExp(`^weir_response_masked\\{route="${MASK_ROUTE}",provider="openai"\\} 2$`, "m"));
});

test("AIPolicy streamHoldBackBytes/streamOverflow reach the filter: past 64 held bytes the stream ends in an error, counted by reason", async () => {
  // The mock sends a delta per word; from BEGIN on, a match may be under way, so the masker holds the words.
  stack.mock.reply({ text: `start BEGIN ${"secret words ".repeat(8)}END done` });
  const res = await fetch(`${stack.gatewayUrl}/tight/v1/chat/completions`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "go" }] }),
  });
  const body = await res.text();
  assert.ok(!body.includes("secret"), body);
  assert.ok(body.includes('"content":"start "'), body);
  const last = parseSse(body).at(-1)!;
  assert.match(last.data, /held back for the response guard exceeded 64 bytes/, body);
  const prom = await scrape();
  assert.match(prom, new RegExp(`^weir_stream_anomalies\\{route="${TIGHT_ROUTE}",provider="openai",reason="hold_back_exceeded"\\} 1$`, "m"));
  assert.match(await logLine(3), new RegExp(`route=${TIGHT_ROUTE} provider=openai guard=- `));
});

test("every line of the access log has the documented shape", async () => {
  await logLine(3);
  const lines = await stack.accessLog();
  assert.equal(lines.length, 4, lines.join("\n"));
  for (const line of lines) {
    assert.match(line, /^\[\S+\] method=POST path=\/\S+ status=\d{3} flags=\S+ duration_ms=\d+ route=\S+ provider=\S+ guard=\S+ prompt=\S+ completion=\S+ total=\S+ model=\S+$/);
  }
});

test("Envoy logged no wasm warnings or errors", () => {
  assert.deepEqual(stack.envoy.wasmProblems(), []);
});

/** The access log line of the `index`-th request (the tests send one at a time), waiting for it. */
async function logLine(index: number): Promise<string> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const lines = await stack.accessLog();
    if (lines.length > index) return lines[index];
    if (Date.now() > deadline) assert.fail(`no access log line ${index}:\n${lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function scrape(): Promise<string> {
  return (await fetch(`${stack.envoy.adminUrl}/stats/prometheus`)).text();
}
