// Where each wire format keeps the text a guard must see. The collectors push
// the JSON string nodes themselves, so a guard can rewrite exactly those
// bytes and leave every other byte of the body as it was.

import { JsonValue } from "../json/value";
import { utf8, validUtf8 } from "../json/bytes";

/** A text a guard sees: its JSON string node, the speaker's role, and its current (possibly masked) text. */
export class TextField {
  node: JsonValue;
  role: string;
  changed: bool = false;
  /** The current text once it differs from the node's, or once read. */
  private current: string | null = null;
  /** Its UTF-8 bytes, once known. */
  private currentBytes: Uint8Array | null = null;

  constructor(node: JsonValue, role: string) {
    this.node = node;
    this.role = role;
  }

  /** The current text (decoded when first read). */
  get text(): string {
    const cached = this.current;
    if (cached !== null) return cached;
    let text: string;
    const bytes = this.currentBytes;
    if (bytes !== null) text = String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length);
    else text = this.node.stringValue;
    this.current = text;
    return text;
  }

  /** The current text as UTF-8 (a view of the body while it is the client's own bytes). Read-only. */
  bytes(): Uint8Array {
    const cached = this.currentBytes;
    if (cached !== null) return cached;
    let bytes: Uint8Array;
    const text = this.current;
    if (text !== null) bytes = utf8(text);
    else bytes = this.node.textBytes();
    this.currentBytes = bytes;
    return bytes;
  }

  replaceText(text: string): void {
    if (text == this.text) return;
    this.current = text;
    this.currentBytes = null;
    this.changed = true;
  }

  /** replaceText with UTF-8 bytes (a guard's masked output), compared and kept as bytes. */
  replaceBytes(bytes: Uint8Array): void {
    if (!validUtf8(bytes, 0, bytes.length)) {
      // Text that is not UTF-8 goes the way of text: decoded, then encoded again.
      this.replaceText(String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length));
      return;
    }
    const now = this.bytes();
    if (now.length == bytes.length && memory.compare(now.dataStart, bytes.dataStart, <usize>bytes.length) == 0) return;
    this.currentBytes = bytes;
    this.current = null;
    this.changed = true;
  }
}

/** OpenAI / Azure chat: `messages[].content` as a string or `[{type:"text", text}]` parts. */
export function openAIPromptTexts(root: JsonValue, out: Array<TextField>): void {
  const messages = root.get("messages");
  if (messages === null || !messages.isArray()) return;
  for (let i = 0; i < messages.items.length; i++) {
    const m = messages.items[i];
    if (m.isObject()) textOrParts(m.get("content"), m.getString("role", "user"), out);
  }
}

/** OpenAI / Azure chat response: `choices[].message.content`. */
export function openAIResponseTexts(root: JsonValue, out: Array<TextField>): void {
  const choices = root.get("choices");
  if (choices === null || !choices.isArray()) return;
  for (let i = 0; i < choices.items.length; i++) {
    const message = choices.items[i].get("message");
    if (message !== null) textOrParts(message.get("content"), "assistant", out);
  }
}

/** Anthropic messages: `system` and `messages[].content`, strings or text blocks (tool results included). */
export function anthropicPromptTexts(root: JsonValue, out: Array<TextField>): void {
  textOrParts(root.get("system"), "system", out);
  const messages = root.get("messages");
  if (messages === null || !messages.isArray()) return;
  for (let i = 0; i < messages.items.length; i++) {
    const m = messages.items[i];
    if (!m.isObject()) continue;
    const role = m.getString("role", "user");
    const content = m.get("content");
    textOrParts(content, role, out);
    if (content === null || !content.isArray()) continue;
    for (let j = 0; j < content.items.length; j++) {
      const block = content.items[j];
      if (block.memberIs("type", "tool_result")) textOrParts(block.get("content"), role, out);
    }
  }
}

/** Anthropic response: `content[]` blocks of type text. */
export function anthropicResponseTexts(root: JsonValue, out: Array<TextField>): void {
  textOrParts(root.get("content"), "assistant", out);
}

/** Gemini / Vertex: `contents[].parts[].text` and the system instruction's parts. */
export function googlePromptTexts(root: JsonValue, out: Array<TextField>): void {
  partsTexts(root.get("systemInstruction"), "system", out);
  partsTexts(root.get("system_instruction"), "system", out);
  const contents = root.get("contents");
  if (contents === null || !contents.isArray()) return;
  for (let i = 0; i < contents.items.length; i++) {
    const content = contents.items[i];
    let role = "user";
    if (content.isObject() && content.memberIs("role", "model")) role = "assistant";
    partsTexts(content, role, out);
  }
}

/** Gemini / Vertex response: `candidates[].content.parts[].text`. */
export function googleResponseTexts(root: JsonValue, out: Array<TextField>): void {
  const candidates = root.get("candidates");
  if (candidates === null || !candidates.isArray()) return;
  for (let i = 0; i < candidates.items.length; i++) partsTexts(candidates.items[i].get("content"), "assistant", out);
}

/** A string, or an array of `{type:"text", text}` parts (other part types are not text). */
function textOrParts(value: JsonValue | null, role: string, out: Array<TextField>): void {
  if (value === null) return;
  if (value.isString()) { out.push(new TextField(value, role)); return; }
  if (!value.isArray()) return;
  for (let i = 0; i < value.items.length; i++) {
    const part = value.items[i];
    if (!part.isObject() || !part.memberIs("type", "text")) continue;
    const text = part.get("text");
    if (text !== null && text.isString()) out.push(new TextField(text, role));
  }
}

/** `{parts: [{text}]}` (Gemini content). */
function partsTexts(content: JsonValue | null, role: string, out: Array<TextField>): void {
  if (content === null || !content.isObject()) return;
  const parts = content.get("parts");
  if (parts === null || !parts.isArray()) return;
  for (let i = 0; i < parts.items.length; i++) {
    const text = parts.items[i].get("text");
    if (text !== null && text.isString()) out.push(new TextField(text, role));
  }
}
