// Where each provider's stream events keep their text, where a choice / block
// / candidate ends, and where usage is reported — plus the synthetic text
// event each format uses to carry held-back text. The provider classes
// (providers/*.ts) delegate here, as they do to text-fields.ts.
//
// Text Weir masks in streams (and leaves everything else byte-intact):
//   OpenAI / Azure   choices[i].delta.content            ends: choices[i].finish_reason, [DONE]
//   Anthropic        content_block_start .content_block.text (type text),
//                    content_block_delta .delta.text (type text_delta)
//                                                        ends: content_block_stop, message_delta, message_stop
//   Gemini / Vertex  candidates[i].content.parts[].text (not thought parts)
//                                                        ends: candidates[i].finishReason, end of stream
// Tool-call arguments, thinking text (signed by Anthropic) and thought parts
// are never rewritten.

import { JsonKind } from "../json/value";
import { firstItem, isTrueAt, kindAt, memberAt, membersAt, nextItem, rootAt, stringIsAt, valueEnd } from "../json/scan";
import { ByteSink } from "../json/string";
import { StreamEventInfo, channelIndex, readChannels } from "./event-info";
import { TokenUsage, sumCounts, tokenCountAt } from "../usage/usage";

// Each function reads a payload `src` (checked JSON) from the bytes: `root`
// and the other positions are byte offsets of values in it (-1: absent).
// The member names each level reads are listed once, with the array their
// positions go into (one pass over the level; none is used by two levels).

// ---------------------------------------------------------------- OpenAI / Azure OpenAI

const OPENAI_EVENT: StaticArray<string> = ["model", "usage", "choices"];
const openAIEventAt = new StaticArray<i32>(3);
const OPENAI_CHOICE: StaticArray<string> = ["index", "delta", "finish_reason"];
const openAIChoiceAt = new StaticArray<i32>(3);
const OPENAI_USAGE: StaticArray<string> = ["prompt_tokens", "completion_tokens", "total_tokens"];
const openAIUsageAt = new StaticArray<i32>(3);

export function openAIStreamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void {
  const at = openAIEventAt;
  membersAt(src, root, OPENAI_EVENT, at);
  usage.noteModelAt(src, unchecked(at[0]));
  const u = unchecked(at[1]);
  let hasUsage = false;
  if (kindAt(src, u) == JsonKind.Object) {
    openAIUsageFields(src, u, usage);
    hasUsage = true;
  } else if (kindAt(src, u) == JsonKind.Null) {
    info.usageNull = u;
  }
  const choices = unchecked(at[2]);
  if (kindAt(src, choices) != JsonKind.Array) return;
  if (firstItem(src, choices) < 0 && hasUsage) info.usageOnly = true;
  readChannels(src, choices, info, openAIChoice);
}

function openAIChoice(src: Uint8Array, choice: i32, position: i32, info: StreamEventInfo): void {
  const at = openAIChoiceAt;
  membersAt(src, choice, OPENAI_CHOICE, at);
  const channel = channelIndex(src, unchecked(at[0]), position);
  const content = memberAt(src, unchecked(at[1]), "content");
  if (kindAt(src, content) == JsonKind.String) info.addText(channel, src, content);
  const finish = unchecked(at[2]);
  if (finish >= 0 && kindAt(src, finish) != JsonKind.Null) info.ends.push(channel);
}

/** `{id, object, created, model, system_fingerprint (from the last chunk), "choices":[{index, delta:{content}}]}`. */
export function openAITextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
  out.pushString("{");
  let first = true;
  if (template !== null) {
    const root = rootAt(template);
    first = copyMember(template, root, "id", first, out);
    first = copyMember(template, root, "object", first, out);
    first = copyMember(template, root, "created", first, out);
    first = copyMember(template, root, "model", first, out);
    first = copyMember(template, root, "system_fingerprint", first, out);
  } else {
    out.pushString('"object":"chat.completion.chunk"');
    first = false;
  }
  if (!first) out.pushString(",");
  out.pushString('"choices":[{"index":' + channel.toString() + ',"delta":{"content":');
  out.pushBytes(text, 0, text.length);
  out.pushString('},"logprobs":null,"finish_reason":null}]}');
}

/** Model and usage of a whole response body (the object at `root`). */
export function openAIUsage(src: Uint8Array, root: i32, usage: TokenUsage): void {
  const at = openAIEventAt;
  membersAt(src, root, OPENAI_EVENT, at);
  usage.noteModelAt(src, unchecked(at[0]));
  const u = unchecked(at[1]);
  if (kindAt(src, u) == JsonKind.Object) openAIUsageFields(src, u, usage);
}

function openAIUsageFields(src: Uint8Array, u: i32, usage: TokenUsage): void {
  const at = openAIUsageAt;
  membersAt(src, u, OPENAI_USAGE, at);
  const prompt = tokenCountAt(src, unchecked(at[0]));
  const completion = tokenCountAt(src, unchecked(at[1]));
  const total = tokenCountAt(src, unchecked(at[2]));
  if (prompt >= 0) usage.prompt = prompt;
  if (completion >= 0) usage.completion = completion;
  if (total >= 0) usage.total = total;
}

// ---------------------------------------------------------------- Anthropic

const ANTHROPIC_EVENT: StaticArray<string> = ["type", "index", "delta", "content_block", "message", "usage", "model"];
const anthropicEventAt = new StaticArray<i32>(7);
const ANTHROPIC_BLOCK: StaticArray<string> = ["type", "text"];
const anthropicBlockAt = new StaticArray<i32>(2);
const ANTHROPIC_USAGE: StaticArray<string> = ["input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens"];
const anthropicUsageAt = new StaticArray<i32>(4);

export function anthropicStreamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void {
  const at = anthropicEventAt;
  membersAt(src, root, ANTHROPIC_EVENT, at);
  const type = unchecked(at[0]);
  const index = unchecked(at[1]);
  if (stringIsAt(src, type, "content_block_delta")) {
    anthropicText(src, unchecked(at[2]), "text_delta", index, info);
  } else if (stringIsAt(src, type, "content_block_start")) {
    anthropicText(src, unchecked(at[3]), "text", index, info);
  } else if (stringIsAt(src, type, "content_block_stop")) {
    info.ends.push(channelIndex(src, index, 0));
  } else if (stringIsAt(src, type, "message_start")) {
    // The message's model and usage: the same members as a whole response's.
    const message = unchecked(at[4]);
    if (kindAt(src, message) == JsonKind.Object) anthropicUsage(src, message, usage);
  } else if (stringIsAt(src, type, "message_delta")) {
    info.endsAll = true;
    const u = unchecked(at[5]);
    if (kindAt(src, u) == JsonKind.Object) anthropicUsageFields(src, u, usage);
  } else if (stringIsAt(src, type, "message_stop")) {
    info.endsAll = true;
  }
}

/** The text of a delta / content block whose type is `type`. */
function anthropicText(src: Uint8Array, block: i32, type: string, index: i32, info: StreamEventInfo): void {
  const at = anthropicBlockAt;
  membersAt(src, block, ANTHROPIC_BLOCK, at);
  if (!stringIsAt(src, unchecked(at[0]), type)) return;
  const text = unchecked(at[1]);
  if (kindAt(src, text) == JsonKind.String) info.addText(channelIndex(src, index, 0), src, text);
}

/** `event: content_block_delta` / `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":…}}`. */
export function anthropicTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
  out.pushString('{"type":"content_block_delta","index":' + channel.toString() + ',"delta":{"type":"text_delta","text":');
  out.pushBytes(text, 0, text.length);
  out.pushString("}}");
}

/** Model and usage of a whole response body, or of message_start's message (the object at `root`). */
export function anthropicUsage(src: Uint8Array, root: i32, usage: TokenUsage): void {
  const at = anthropicEventAt;
  membersAt(src, root, ANTHROPIC_EVENT, at);
  usage.noteModelAt(src, unchecked(at[6]));
  const u = unchecked(at[5]);
  if (kindAt(src, u) == JsonKind.Object) anthropicUsageFields(src, u, usage);
}

/** Prompt tokens include cache writes and reads (Anthropic counts them apart from input_tokens). */
function anthropicUsageFields(src: Uint8Array, u: i32, usage: TokenUsage): void {
  const at = anthropicUsageAt;
  membersAt(src, u, ANTHROPIC_USAGE, at);
  const input = tokenCountAt(src, unchecked(at[0]));
  if (input >= 0) {
    usage.prompt = sumCounts(sumCounts(input, tokenCountAt(src, unchecked(at[1]))), tokenCountAt(src, unchecked(at[2])));
  }
  const output = tokenCountAt(src, unchecked(at[3]));
  if (output >= 0) usage.completion = output;
}

// ---------------------------------------------------------------- Gemini / Vertex AI

const GOOGLE_EVENT: StaticArray<string> = ["modelVersion", "usageMetadata", "candidates"];
const googleEventAt = new StaticArray<i32>(3);
const GOOGLE_CANDIDATE: StaticArray<string> = ["index", "content", "finishReason"];
const googleCandidateAt = new StaticArray<i32>(3);
const GOOGLE_PART: StaticArray<string> = ["thought", "text"];
const googlePartAt = new StaticArray<i32>(2);
const GOOGLE_USAGE: StaticArray<string> = ["promptTokenCount", "toolUsePromptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "totalTokenCount"];
const googleUsageAt = new StaticArray<i32>(5);

export function googleStreamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void {
  const at = googleEventAt;
  googleUsage(src, root, usage);
  readChannels(src, unchecked(at[2]), info, googleCandidate);
}

function googleCandidate(src: Uint8Array, candidate: i32, position: i32, info: StreamEventInfo): void {
  const at = googleCandidateAt;
  membersAt(src, candidate, GOOGLE_CANDIDATE, at);
  const channel = channelIndex(src, unchecked(at[0]), position);
  const finish = unchecked(at[2]);
  let part = firstItem(src, memberAt(src, unchecked(at[1]), "parts"));
  const partAt = googlePartAt;
  while (part >= 0) {
    membersAt(src, part, GOOGLE_PART, partAt);
    const text = unchecked(partAt[1]);
    if (!isTrueAt(src, unchecked(partAt[0])) && kindAt(src, text) == JsonKind.String) info.addText(channel, src, text);
    part = nextItem(src, part);
  }
  if (kindAt(src, finish) == JsonKind.String && valueEnd(src, finish) - finish > 2) info.ends.push(channel);
}

/** `{"candidates":[{"content":{"parts":[{"text":…}],"role":"model"},"index":N}], modelVersion, responseId}`. */
export function googleTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
  out.pushString('{"candidates":[{"content":{"parts":[{"text":');
  out.pushBytes(text, 0, text.length);
  out.pushString('}],"role":"model"},"index":' + channel.toString() + "}]");
  if (template !== null) {
    const root = rootAt(template);
    copyMember(template, root, "modelVersion", false, out);
    copyMember(template, root, "responseId", false, out);
  }
  out.pushString("}");
}

/**
 * usageMetadata of a response (the value at `root`), or of the last element
 * that has one when the body is a streamed JSON array. Leaves the object's
 * member positions in googleEventAt.
 */
export function googleUsage(src: Uint8Array, root: i32, usage: TokenUsage): void {
  if (kindAt(src, root) == JsonKind.Array) {
    let item = firstItem(src, root);
    while (item >= 0) {
      if (kindAt(src, item) == JsonKind.Object) googleUsage(src, item, usage);
      item = nextItem(src, item);
    }
    return;
  }
  const at = googleEventAt;
  membersAt(src, root, GOOGLE_EVENT, at);
  usage.noteModelAt(src, unchecked(at[0]));
  const u = unchecked(at[1]);
  if (kindAt(src, u) != JsonKind.Object) return;
  const counts = googleUsageAt;
  membersAt(src, u, GOOGLE_USAGE, counts);
  const prompt = sumCounts(tokenCountAt(src, unchecked(counts[0])), tokenCountAt(src, unchecked(counts[1])));
  // Thinking tokens are generated tokens (OpenAI counts reasoning in completion_tokens too).
  const completion = sumCounts(tokenCountAt(src, unchecked(counts[2])), tokenCountAt(src, unchecked(counts[3])));
  const total = tokenCountAt(src, unchecked(counts[4]));
  if (prompt >= 0) usage.prompt = prompt;
  if (completion >= 0) usage.completion = completion;
  if (total >= 0) usage.total = total;
}

// ---------------------------------------------------------------- helpers

/** Writes `"key":<the member's original bytes>` when the object at `obj` has it; returns whether nothing was written yet. */
function copyMember(src: Uint8Array, obj: i32, key: string, first: bool, out: ByteSink): bool {
  const v = memberAt(src, obj, key);
  if (v < 0) return first;
  if (!first) out.pushString(",");
  out.pushString('"' + key + '":');
  out.pushBytes(src, v, valueEnd(src, v));
  return false;
}
