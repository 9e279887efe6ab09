// Turns a scripted MockReply into concrete content every provider renders the same way:
// the default echo text, normalised tool calls, token counts, and how text is cut into stream deltas.
import type { MockReply } from "./types.ts";
import { countTokens } from "./tokens.ts";

/** Multibyte text (2-, 3- and 4-byte UTF-8) for tests that split bytes mid-character. */
export const MULTIBYTE_TEXT = "héllo wörld — ✓ 你好 🙂";

export interface ResolvedToolCall {
  id?: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export interface ResolvedReply {
  /** undefined when the reply is tool calls only: providers then send no text part at all. */
  text: string | undefined;
  toolCalls: ResolvedToolCall[];
  inputTokens: number;
  outputTokens: number;
  finish: "stop" | "length";
}

/**
 * @param promptText the last user message's text (what the default reply echoes)
 * @param inputText all prompt text of the request (what input tokens are counted on)
 */
export function resolveReply(reply: MockReply, promptText: string, inputText: string): ResolvedReply {
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({
    id: call.id,
    name: call.name,
    arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
  }));
  const text = reply.text ?? (toolCalls.length > 0 ? undefined : `echo: ${promptText}`);
  const toolTokens = toolCalls.reduce((sum, c) => sum + countTokens(c.name) + countTokens(c.arguments), 0);
  return {
    text,
    toolCalls,
    inputTokens: reply.usage?.input ?? countTokens(inputText),
    outputTokens: reply.usage?.output ?? countTokens(text ?? "") + toolTokens,
    finish: reply.finish ?? "stop",
  };
}

/**
 * Cuts reply text into stream deltas: one word (with its trailing space) per delta, like a model
 * emitting tokens. Text with fewer than three words is cut by characters so a stream always has
 * several deltas. Never cuts inside a character: byte-level cuts are the chunking option's job.
 */
export function splitText(text: string): string[] {
  if (text === "") return [];
  const words = text.match(/\S+\s*|\s+/gu) ?? [text];
  if (words.length >= 3) return words;
  return splitChars(text, 3);
}

/** Cuts tool-call argument JSON into fragments (mid-token, as real providers do). */
export function splitArguments(json: string): string[] {
  return splitChars(json, 4);
}

function splitChars(text: string, parts: number): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** Parses tool-call arguments for providers that carry them as objects (Anthropic, Gemini). */
export function argumentsObject(call: ResolvedToolCall): Record<string, unknown> {
  try {
    return JSON.parse(call.arguments) as Record<string, unknown>;
  } catch {
    throw new Error(`mock: arguments of tool call "${call.name}" are not JSON`);
  }
}
