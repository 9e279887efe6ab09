// Where each wire format keeps the text a guard must see. The collectors push
// the JSON string nodes themselves, so a guard can rewrite exactly those
// bytes and leave every other byte of the body as it was.

import { JsonValue } from "../json/value";

/** OpenAI / Azure chat: `messages[].content` as a string or `[{type:"text", text}]` parts. */
export function openAIPromptTexts(root: JsonValue, out: Array<JsonValue>): void {
  const messages = root.get("messages");
  if (messages === null || !messages.isArray()) return;
  for (let i = 0; i < messages.items.length; i++) {
    const m = messages.items[i];
    if (m.isObject()) textOrParts(m.get("content"), out);
  }
}

/** OpenAI / Azure chat response: `choices[].message.content`. */
export function openAIResponseTexts(root: JsonValue, out: Array<JsonValue>): void {
  const choices = root.get("choices");
  if (choices === null || !choices.isArray()) return;
  for (let i = 0; i < choices.items.length; i++) {
    const message = choices.items[i].get("message");
    if (message !== null) textOrParts(message.get("content"), out);
  }
}

/** Anthropic messages: `system` and `messages[].content`, strings or text blocks (tool results included). */
export function anthropicPromptTexts(root: JsonValue, out: Array<JsonValue>): void {
  textOrParts(root.get("system"), out);
  const messages = root.get("messages");
  if (messages === null || !messages.isArray()) return;
  for (let i = 0; i < messages.items.length; i++) {
    const m = messages.items[i];
    if (!m.isObject()) continue;
    const content = m.get("content");
    textOrParts(content, out);
    if (content === null || !content.isArray()) continue;
    for (let j = 0; j < content.items.length; j++) {
      const block = content.items[j];
      if (block.getString("type", "") == "tool_result") textOrParts(block.get("content"), out);
    }
  }
}

/** Anthropic response: `content[]` blocks of type text. */
export function anthropicResponseTexts(root: JsonValue, out: Array<JsonValue>): void {
  textOrParts(root.get("content"), out);
}

/** Gemini / Vertex: `contents[].parts[].text` and the system instruction's parts. */
export function googlePromptTexts(root: JsonValue, out: Array<JsonValue>): void {
  partsTexts(root.get("systemInstruction"), out);
  partsTexts(root.get("system_instruction"), out);
  const contents = root.get("contents");
  if (contents === null || !contents.isArray()) return;
  for (let i = 0; i < contents.items.length; i++) partsTexts(contents.items[i], out);
}

/** Gemini / Vertex response: `candidates[].content.parts[].text`. */
export function googleResponseTexts(root: JsonValue, out: Array<JsonValue>): void {
  const candidates = root.get("candidates");
  if (candidates === null || !candidates.isArray()) return;
  for (let i = 0; i < candidates.items.length; i++) partsTexts(candidates.items[i].get("content"), out);
}

/** A string, or an array of `{type:"text", text}` parts (other part types are not text). */
function textOrParts(value: JsonValue | null, out: Array<JsonValue>): void {
  if (value === null) return;
  if (value.isString()) { out.push(value); return; }
  if (!value.isArray()) return;
  for (let i = 0; i < value.items.length; i++) {
    const part = value.items[i];
    if (!part.isObject() || part.getString("type", "") != "text") continue;
    const text = part.get("text");
    if (text !== null && text.isString()) out.push(text);
  }
}

/** `{parts: [{text}]}` (Gemini content). */
function partsTexts(content: JsonValue | null, out: Array<JsonValue>): void {
  if (content === null || !content.isObject()) return;
  const parts = content.get("parts");
  if (parts === null || !parts.isArray()) return;
  for (let i = 0; i < parts.items.length; i++) {
    const text = parts.items[i].get("text");
    if (text !== null && text.isString()) out.push(text);
  }
}
