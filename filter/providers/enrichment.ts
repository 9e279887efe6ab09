// kgateway's promptEnrichment in each wire format: messages the operator adds
// before (prepend) and after (append) the client's. A system message goes
// where the provider keeps system text; the others join the conversation.

import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { jsonQuote } from "../json/string";
import { utf8 } from "../json/bytes";
import { EnrichmentMessage } from "../config/policy";

function chatMessages(list: Array<EnrichmentMessage>): Array<string> {
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    // The policy's messages never change: each is quoted once.
    if (m.chatJson.length == 0) m.chatJson = '{"role":' + jsonQuote(m.role) + ',"content":' + jsonQuote(m.content) + "}";
    out[i] = m.chatJson;
  }
  return out;
}

/** Inserts into `root[field]`, an array (created when absent; left alone when not an array). */
function insertInto(root: JsonValue, field: string, before: Array<string>, after: Array<string>, editor: BodyEditor): void {
  if (before.length == 0 && after.length == 0) return;
  const arr = root.get(field);
  if (arr === null) {
    const all = before.concat(after);
    editor.addMember(root, field, "[" + all.join(",") + "]");
    return;
  }
  if (!arr.isArray()) return;
  for (let i = 0; i < before.length; i++) editor.prependItem(arr, before[i]);
  for (let i = 0; i < after.length; i++) editor.appendItem(arr, after[i]);
}

/** OpenAI / Azure: every role, system included, is a `messages` entry. */
export function openAIEnrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
  insertInto(root, "messages", chatMessages(prepend), chatMessages(append), editor);
}

/** Anthropic: system text joins `system` (a string or text blocks); other roles join `messages`. */
export function anthropicEnrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
  const sysBefore = texts(prepend, true);
  const sysAfter = texts(append, true);
  if (sysBefore.length + sysAfter.length > 0) {
    const system = root.get("system");
    if (system === null) {
      editor.addMember(root, "system", jsonQuote(sysBefore.concat(sysAfter).join("\n")));
    } else if (system.isString()) {
      const parts = sysBefore.slice(0);
      parts.push(system.stringValue);
      editor.replace(system, utf8(jsonQuote(parts.concat(sysAfter).join("\n"))));
    } else if (system.isArray()) {
      for (let i = 0; i < sysBefore.length; i++) editor.prependItem(system, textBlock(sysBefore[i]));
      for (let i = 0; i < sysAfter.length; i++) editor.appendItem(system, textBlock(sysAfter[i]));
    }
  }
  insertInto(root, "messages", chatMessages(others(prepend)), chatMessages(others(append)), editor);
}

/** Gemini / Vertex: system text joins `systemInstruction.parts`; other roles join `contents` (assistant → model). */
export function googleEnrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
  const sysBefore = texts(prepend, true);
  const sysAfter = texts(append, true);
  if (sysBefore.length + sysAfter.length > 0) {
    let instruction = root.get("systemInstruction");
    if (instruction === null) instruction = root.get("system_instruction");
    if (instruction === null) {
      editor.addMember(root, "systemInstruction", '{"parts":[' + parts(sysBefore.concat(sysAfter)).join(",") + "]}");
    } else if (instruction.isObject()) {
      const parts = instruction.get("parts");
      if (parts !== null && parts.isArray()) {
        for (let i = 0; i < sysBefore.length; i++) editor.prependItem(parts, part(sysBefore[i]));
        for (let i = 0; i < sysAfter.length; i++) editor.appendItem(parts, part(sysAfter[i]));
      }
    }
  }
  insertInto(root, "contents", googleContents(others(prepend)), googleContents(others(append)), editor);
}

function textBlock(text: string): string {
  return '{"type":"text","text":' + jsonQuote(text) + "}";
}

function part(text: string): string {
  return '{"text":' + jsonQuote(text) + "}";
}

function parts(list: Array<string>): Array<string> {
  const out = new Array<string>(0);
  for (let i = 0; i < list.length; i++) out.push(part(list[i]));
  return out;
}

function googleContents(list: Array<EnrichmentMessage>): Array<string> {
  const out = new Array<string>(0);
  for (let i = 0; i < list.length; i++) {
    let role = list[i].role;
    if (role == "assistant") role = "model";
    out.push('{"role":' + jsonQuote(role) + ',"parts":[' + part(list[i].content) + "]}");
  }
  return out;
}

function texts(messages: Array<EnrichmentMessage>, system: bool): Array<string> {
  const out = new Array<string>(0);
  for (let i = 0; i < messages.length; i++) {
    if ((messages[i].role == "system") == system) out.push(messages[i].content);
  }
  return out;
}

function others(messages: Array<EnrichmentMessage>): Array<EnrichmentMessage> {
  const out = new Array<EnrichmentMessage>(0);
  for (let i = 0; i < messages.length; i++) {
    if (messages[i].role != "system") out.push(messages[i]);
  }
  return out;
}
