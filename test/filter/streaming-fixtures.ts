// Sample provider streams for the streaming tests and benchmark, a client-side
// SSE parser, and what a client reads from each format (text per channel).
// Sensitive values are cut across events on purpose: a match straddles
// deltas, and one sits in a tool call (which must pass byte-intact).

export type Format = "openai" | "anthropic" | "gemini";

/** A data-only event (OpenAI); `eol` "\r\n" makes it Google-style. */
export function data(payload: unknown, eol = "\n"): string {
  return `data: ${JSON.stringify(payload)}${eol}${eol}`;
}

export function named(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

// Choice 0 and choice 1 of an n=2 OpenAI request, as deltas.
export const OPENAI_DELTAS_0 = [
  "Sure! Write to ja", "ne.doe@exam", "ple.com or call (415) 55", "5-2671. SSN: 123-", "45-6789",
  ", card 4111 1111 ", "1111 1111 done. Project", " Falcon: é✓🙂 \"quoted\"\n", "bye",
];
export const OPENAI_DELTAS_1 = ["Other choice mails bo", "b@corp.io", " and 987-65-43", "21"];

export function openAIStream(options: { usage?: boolean; usageNull?: boolean } = {}): string {
  const head = { id: "chatcmpl-42", object: "chat.completion.chunk", created: 1700000000, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_1" };
  const u = options.usageNull ? { usage: null } : {};
  const chunk = (choices: unknown[]) => data({ ...head, choices, ...u });
  const events: string[] = [];
  events.push(chunk([{ index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }]));
  events.push(chunk([{ index: 1, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]));
  const n = Math.max(OPENAI_DELTAS_0.length, OPENAI_DELTAS_1.length);
  for (let i = 0; i < n; i++) {
    if (i < OPENAI_DELTAS_0.length) events.push(chunk([{ index: 0, delta: { content: OPENAI_DELTAS_0[i] }, logprobs: null, finish_reason: null }]));
    if (i < OPENAI_DELTAS_1.length) events.push(chunk([{ index: 1, delta: { content: OPENAI_DELTAS_1[i] }, logprobs: null, finish_reason: null }]));
    if (i === 3) events.push(": keep-alive comment\n\n");
  }
  events.push(chunk([{ index: 1, delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "send", arguments: "" } }] }, logprobs: null, finish_reason: null }]));
  events.push(chunk([{ index: 1, delta: { tool_calls: [{ index: 0, function: { arguments: "{\"to\":\"jane.doe@" } }] }, logprobs: null, finish_reason: null }]));
  events.push(chunk([{ index: 1, delta: { tool_calls: [{ index: 0, function: { arguments: "example.com\"}" } }] }, logprobs: null, finish_reason: null }]));
  events.push(chunk([{ index: 1, delta: {}, logprobs: null, finish_reason: "tool_calls" }]));
  events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]));
  if (options.usage) events.push(data({ ...head, choices: [], usage: { prompt_tokens: 31, completion_tokens: 57, total_tokens: 88 } }));
  events.push("data: [DONE]\n\n");
  return events.join("");
}

export const ANTHROPIC_DELTAS = [
  "Hello! Mail ", "sec", "ret.agent@mi6.gov.uk now; phone +1 (212) 5", "55-0134", ". Card 4111-1111-1111-111",
  "1 ok. 日本語 text — project   fal", "con? Regards, Q",
];

export function anthropicStream(): string {
  const events: string[] = [];
  events.push(named("message_start", { type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", model: "claude-3-5-haiku-20241022", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, cache_read_input_tokens: 5, output_tokens: 1 } } }));
  events.push(named("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
  events.push(named("ping", { type: "ping" }));
  ANTHROPIC_DELTAS.forEach((text) => events.push(named("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })));
  events.push(named("content_block_stop", { type: "content_block_stop", index: 0 }));
  events.push(named("content_block_start", { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_1", name: "send", input: {} } }));
  events.push(named("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "{\"to\": \"secret.agent" } }));
  events.push(named("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "@mi6.gov.uk\"}" } }));
  events.push(named("content_block_stop", { type: "content_block_stop", index: 1 }));
  events.push(named("message_delta", { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 42 } }));
  events.push(named("message_stop", { type: "message_stop" }));
  return events.join("");
}

export const GEMINI_DELTAS = ["Numbers: 078-05-", "1120 and mail x", "@y.example", " and card 4111111111111111", " — ✓ 🙂 end"];

export function geminiStream(): string {
  const events: string[] = [];
  GEMINI_DELTAS.forEach((text, i) => {
    const last = i === GEMINI_DELTAS.length - 1;
    events.push(data({
      candidates: [{ content: { parts: [{ text }], role: "model" }, ...(last ? { finishReason: "STOP" } : {}), index: 0 }],
      ...(last ? { usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 20, thoughtsTokenCount: 3, totalTokenCount: 35 } } : { usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 } }),
      modelVersion: "gemini-2.0-flash-001", responseId: "resp-1",
    }, "\r\n"));
  });
  return events.join("");
}

export interface ClientEvent {
  name: string;
  data: string;
  raw: string;
}

/**
 * A strict client (the WHATWG event-stream rules): lines end with CRLF, LF or
 * CR; a blank line ends an event. Bytes after the last line terminator, or
 * lines without a blank line after them, are an incomplete stream: an error.
 * Blank lines with nothing before them are not events.
 */
export function parseSse(text: string): ClientEvent[] {
  const events: ClientEvent[] = [];
  const line = /([^\r\n]*)(\r\n|\n|\r)/y;
  let at = 0;
  let start = 0;
  let lines: string[] = [];
  while (at < text.length) {
    line.lastIndex = at;
    const m = line.exec(text);
    if (!m) throw new Error(`incomplete line at byte ${at}: ${JSON.stringify(text.slice(at, at + 80))}`);
    at = line.lastIndex;
    if (m[1] !== "") {
      lines.push(m[1]);
      continue;
    }
    if (lines.length > 0) events.push(toEvent(lines, text.slice(start, at)));
    lines = [];
    start = at;
  }
  if (lines.length > 0) throw new Error(`incomplete event at byte ${start}: ${JSON.stringify(text.slice(start, start + 80))}`);
  return events;
}

function toEvent(lines: string[], raw: string): ClientEvent {
  let name = "";
  const dataLines: string[] = [];
  for (const l of lines) {
    if (l.startsWith(":")) continue;
    const colon = l.indexOf(":");
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? "" : l.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    if (field === "data") dataLines.push(value);
  }
  return { name, data: dataLines.join("\n"), raw };
}

/** The text a client assembles per channel (choice / content block / candidate). */
export function channelTexts(format: Format, events: ClientEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  const add = (ch: number, t: unknown) => {
    if (typeof t === "string") out.set(ch, (out.get(ch) ?? "") + t);
  };
  for (const e of events) {
    if (!e.data || e.data === "[DONE]") continue;
    const p = JSON.parse(e.data);
    if (format === "openai") {
      (p.choices ?? []).forEach((c: any, i: number) => add(c.index ?? i, c.delta?.content));
    } else if (format === "anthropic") {
      if (p.type === "content_block_delta" && p.delta?.type === "text_delta") add(p.index, p.delta.text);
      if (p.type === "content_block_start" && p.content_block?.type === "text") add(p.index, p.content_block.text);
    } else {
      (p.candidates ?? []).forEach((c: any, i: number) => (c.content?.parts ?? []).forEach((part: any) => add(c.index ?? i, part.text)));
    }
  }
  return out;
}

/** The payload with every text field emptied: what must be identical upstream and downstream. */
export function skeleton(format: Format, payload: string): string {
  if (!payload || payload === "[DONE]") return payload;
  const p = JSON.parse(payload);
  if (format === "openai") (p.choices ?? []).forEach((c: any) => { if (typeof c.delta?.content === "string") c.delta.content = ""; });
  else if (format === "anthropic") {
    if (p.type === "content_block_delta" && p.delta?.type === "text_delta") p.delta.text = "";
    if (p.type === "content_block_start" && p.content_block?.type === "text") p.content_block.text = "";
  } else (p.candidates ?? []).forEach((c: any) => (c.content?.parts ?? []).forEach((part: any) => { if (typeof part.text === "string") part.text = ""; }));
  return JSON.stringify(p);
}

/** A deterministic PRNG (mulberry32) for seeded random splits. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random chunkings of a body of `length` bytes, each with 2–24 pieces. */
export function randomChunkings(length: number, count: number, seed: number): number[][] {
  const next = rng(seed);
  const out: number[][] = [];
  for (let k = 0; k < count; k++) {
    const cuts = new Set<number>();
    const pieces = 2 + Math.floor(next() * 23);
    while (cuts.size < Math.min(pieces - 1, length - 1)) cuts.add(1 + Math.floor(next() * (length - 1)));
    const sorted = [...cuts].sort((a, b) => a - b);
    const sizes: number[] = [];
    let prev = 0;
    for (const c of sorted) { sizes.push(c - prev); prev = c; }
    out.push(sizes);
  }
  return out;
}
