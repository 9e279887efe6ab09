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

import { JsonKind, JsonValue } from "../json/value";
import { ByteSink } from "../json/string";
import { ChannelText, StreamEventInfo, channelIndex } from "./event-info";
import { TokenUsage, sumCounts, tokenCount } from "../usage/usage";

// ---------------------------------------------------------------- OpenAI / Azure OpenAI

export function openAIStreamEvent(root: JsonValue, info: StreamEventInfo, usage: TokenUsage): void {
  usage.noteModel(root.get("model"));
  const u = root.get("usage");
  let hasUsage = false;
  if (u !== null) {
    if (u.isObject()) {
      openAIUsageFields(u, usage);
      hasUsage = true;
    } else if (u.kind == JsonKind.Null) {
      info.usageNull = u;
    }
  }
  const choices = root.get("choices");
  if (choices === null || !choices.isArray()) return;
  if (choices.items.length == 0 && hasUsage) info.usageOnly = true;
  for (let i = 0; i < choices.items.length; i++) {
    const choice = choices.items[i];
    if (!choice.isObject()) continue;
    const channel = channelIndex(choice.get("index"), i);
    const delta = choice.get("delta");
    if (delta !== null) {
      const content = delta.get("content");
      if (content !== null && content.isString()) info.texts.push(new ChannelText(channel, content));
    }
    const finish = choice.get("finish_reason");
    if (finish !== null && finish.kind != JsonKind.Null) info.ends.push(channel);
  }
}

/** `{id, object, created, model, system_fingerprint (from the last chunk), "choices":[{index, delta:{content}}]}`. */
export function openAITextEvent(channel: i32, text: Uint8Array, template: JsonValue | null, src: Uint8Array | null, out: ByteSink): void {
  out.pushString("{");
  let first = true;
  if (template !== null && src !== null) {
    first = copyMember(template, src, "id", first, out);
    first = copyMember(template, src, "object", first, out);
    first = copyMember(template, src, "created", first, out);
    first = copyMember(template, src, "model", first, out);
    first = copyMember(template, src, "system_fingerprint", first, out);
  } else {
    out.pushString('"object":"chat.completion.chunk"');
    first = false;
  }
  if (!first) out.pushString(",");
  out.pushString('"choices":[{"index":' + channel.toString() + ',"delta":{"content":');
  out.pushBytes(text, 0, text.length);
  out.pushString('},"logprobs":null,"finish_reason":null}]}');
}

export function openAIUsage(root: JsonValue, usage: TokenUsage): void {
  usage.noteModel(root.get("model"));
  const u = root.get("usage");
  if (u !== null && u.isObject()) openAIUsageFields(u, usage);
}

function openAIUsageFields(u: JsonValue, usage: TokenUsage): void {
  const prompt = tokenCount(u, "prompt_tokens");
  const completion = tokenCount(u, "completion_tokens");
  const total = tokenCount(u, "total_tokens");
  if (prompt >= 0) usage.prompt = prompt;
  if (completion >= 0) usage.completion = completion;
  if (total >= 0) usage.total = total;
}

// ---------------------------------------------------------------- Anthropic

export function anthropicStreamEvent(root: JsonValue, info: StreamEventInfo, usage: TokenUsage): void {
  const type = root.getString("type", "");
  if (type == "content_block_delta") {
    const delta = root.get("delta");
    if (delta === null || !delta.memberIs("type", "text_delta")) return;
    const text = delta.get("text");
    if (text !== null && text.isString()) info.texts.push(new ChannelText(channelIndex(root.get("index"), 0), text));
  } else if (type == "content_block_start") {
    const block = root.get("content_block");
    if (block === null || !block.memberIs("type", "text")) return;
    const text = block.get("text");
    if (text !== null && text.isString()) info.texts.push(new ChannelText(channelIndex(root.get("index"), 0), text));
  } else if (type == "content_block_stop") {
    info.ends.push(channelIndex(root.get("index"), 0));
  } else if (type == "message_start") {
    const message = root.get("message");
    if (message === null) return;
    usage.noteModel(message.get("model"));
    const u = message.get("usage");
    if (u !== null && u.isObject()) anthropicUsageFields(u, usage);
  } else if (type == "message_delta") {
    info.endsAll = true;
    const u = root.get("usage");
    if (u !== null && u.isObject()) anthropicUsageFields(u, usage);
  } else if (type == "message_stop") {
    info.endsAll = true;
  }
}

/** `event: content_block_delta` / `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":…}}`. */
export function anthropicTextEvent(channel: i32, text: Uint8Array, template: JsonValue | null, src: Uint8Array | null, out: ByteSink): void {
  out.pushString('{"type":"content_block_delta","index":' + channel.toString() + ',"delta":{"type":"text_delta","text":');
  out.pushBytes(text, 0, text.length);
  out.pushString("}}");
}

export function anthropicUsage(root: JsonValue, usage: TokenUsage): void {
  usage.noteModel(root.get("model"));
  const u = root.get("usage");
  if (u !== null && u.isObject()) anthropicUsageFields(u, usage);
}

/** Prompt tokens include cache writes and reads (Anthropic counts them apart from input_tokens). */
function anthropicUsageFields(u: JsonValue, usage: TokenUsage): void {
  const input = tokenCount(u, "input_tokens");
  if (input >= 0) {
    usage.prompt = sumCounts(sumCounts(input, tokenCount(u, "cache_creation_input_tokens")), tokenCount(u, "cache_read_input_tokens"));
  }
  const output = tokenCount(u, "output_tokens");
  if (output >= 0) usage.completion = output;
}

// ---------------------------------------------------------------- Gemini / Vertex AI

export function googleStreamEvent(root: JsonValue, info: StreamEventInfo, usage: TokenUsage): void {
  googleUsage(root, usage);
  const candidates = root.get("candidates");
  if (candidates === null || !candidates.isArray()) return;
  for (let i = 0; i < candidates.items.length; i++) {
    const candidate = candidates.items[i];
    if (!candidate.isObject()) continue;
    const channel = channelIndex(candidate.get("index"), i);
    const content = candidate.get("content");
    if (content !== null) {
      const parts = content.get("parts");
      if (parts !== null && parts.isArray()) {
        for (let j = 0; j < parts.items.length; j++) {
          const part = parts.items[j];
          const thought = part.get("thought");
          if (thought !== null && thought.boolValue) continue;
          const text = part.get("text");
          if (text !== null && text.isString()) info.texts.push(new ChannelText(channel, text));
        }
      }
    }
    const finish = candidate.get("finishReason");
    if (finish !== null && finish.kind == JsonKind.String && finish.stringValue.length > 0) info.ends.push(channel);
  }
}

/** `{"candidates":[{"content":{"parts":[{"text":…}],"role":"model"},"index":N}], modelVersion, responseId}`. */
export function googleTextEvent(channel: i32, text: Uint8Array, template: JsonValue | null, src: Uint8Array | null, out: ByteSink): void {
  out.pushString('{"candidates":[{"content":{"parts":[{"text":');
  out.pushBytes(text, 0, text.length);
  out.pushString('}],"role":"model"},"index":' + channel.toString() + "}]");
  if (template !== null && src !== null) {
    copyMember(template, src, "modelVersion", false, out);
    copyMember(template, src, "responseId", false, out);
  }
  out.pushString("}");
}

/** usageMetadata of a response, or of the last element that has one when the body is a streamed JSON array. */
export function googleUsage(root: JsonValue, usage: TokenUsage): void {
  if (root.isArray()) {
    for (let i = 0; i < root.items.length; i++) {
      if (root.items[i].isObject()) googleUsage(root.items[i], usage);
    }
    return;
  }
  usage.noteModel(root.get("modelVersion"));
  const u = root.get("usageMetadata");
  if (u === null || !u.isObject()) return;
  const prompt = sumCounts(tokenCount(u, "promptTokenCount"), tokenCount(u, "toolUsePromptTokenCount"));
  // Thinking tokens are generated tokens (OpenAI counts reasoning in completion_tokens too).
  const completion = sumCounts(tokenCount(u, "candidatesTokenCount"), tokenCount(u, "thoughtsTokenCount"));
  const total = tokenCount(u, "totalTokenCount");
  if (prompt >= 0) usage.prompt = prompt;
  if (completion >= 0) usage.completion = completion;
  if (total >= 0) usage.total = total;
}

// ---------------------------------------------------------------- helpers

/** Writes `"key":<the member's original bytes>` when `obj` has it; returns whether nothing was written yet. */
function copyMember(obj: JsonValue, src: Uint8Array, key: string, first: bool, out: ByteSink): bool {
  const v = obj.get(key);
  if (v === null) return first;
  if (!first) out.pushString(",");
  out.pushString('"' + key + '":');
  out.pushBytes(src, v.start, v.end);
  return false;
}
