// Anthropic Messages: POST /v1/messages, `x-api-key: K` and a required `anthropic-version` header.
// Streams when the body says `stream: true`, as named SSE events: message_start (input tokens),
// content_block_start, ping, content_block_delta (text_delta / input_json_delta), content_block_stop,
// message_delta (output tokens, stop_reason), message_stop.
import type { ProviderCall, ProviderFormat, ProviderResult } from "../types.ts";
import { argumentsObject, resolveReply, splitArguments, splitText, type ResolvedReply } from "../reply.ts";
import { namedEvent } from "../sse.ts";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

export const anthropic: ProviderFormat = {
  name: "anthropic",
  queue: "chat",
  match: (method, url) => (method === "POST" && url.pathname === "/v1/messages" ? {} : undefined),
  credential: (headers) => headers["x-api-key"],
  authMessage: "invalid x-api-key",
  errorBody: (status, message) => ({
    type: "error",
    error: { type: ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message },
  }),
  validate({ headers, json }) {
    if (!headers["anthropic-version"]) return { status: 400, message: "anthropic-version: header is required" };
    for (const field of ["model", "max_tokens", "messages"]) {
      if (json[field] === undefined) return { status: 400, message: `${field}: Field required` };
    }
    return undefined;
  },
  respond(call): ProviderResult {
    const { prompt, all } = promptTexts(call.json);
    const reply = resolveReply(call.reply, prompt, all);
    const blocks = contentBlocks(reply, call);
    const message = {
      id: call.newId("msg_mock"),
      type: "message",
      role: "assistant",
      model: call.json.model,
    };
    if (call.json.stream === true) {
      return { contentType: "text/event-stream; charset=utf-8", events: messageEvents(message, blocks, reply) };
    }
    return {
      status: 200,
      json: {
        ...message,
        content: blocks,
        stop_reason: stopReason(reply),
        stop_sequence: null,
        usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
      },
    };
  },
};

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

function contentBlocks(reply: ResolvedReply, call: ProviderCall): Block[] {
  const blocks: Block[] = reply.text !== undefined ? [{ type: "text", text: reply.text }] : [];
  for (const tc of reply.toolCalls) {
    blocks.push({ type: "tool_use", id: tc.id ?? call.newId("toolu_mock"), name: tc.name, input: argumentsObject(tc) });
  }
  return blocks;
}

function messageEvents(message: object, blocks: Block[], reply: ResolvedReply): string[] {
  const events = [
    namedEvent("message_start", {
      type: "message_start",
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: reply.inputTokens, output_tokens: 1 },
      },
    }),
  ];
  blocks.forEach((block, index) => {
    // A block opens empty; its text or input JSON arrives only in deltas.
    const opening = block.type === "text" ? { type: "text", text: "" } : { ...block, input: {} };
    events.push(namedEvent("content_block_start", { type: "content_block_start", index, content_block: opening }));
    if (index === 0) events.push(namedEvent("ping", { type: "ping" }));
    const deltas =
      block.type === "text"
        ? splitText(block.text).map((text) => ({ type: "text_delta", text }))
        : splitArguments(JSON.stringify(block.input)).map((partial_json) => ({ type: "input_json_delta", partial_json }));
    for (const delta of deltas) {
      events.push(namedEvent("content_block_delta", { type: "content_block_delta", index, delta }));
    }
    events.push(namedEvent("content_block_stop", { type: "content_block_stop", index }));
  });
  events.push(
    namedEvent("message_delta", {
      type: "message_delta",
      delta: { stop_reason: stopReason(reply), stop_sequence: null },
      usage: { output_tokens: reply.outputTokens },
    }),
    namedEvent("message_stop", { type: "message_stop" }),
  );
  return events;
}

function stopReason(reply: ResolvedReply): string {
  if (reply.finish === "length") return "max_tokens";
  return reply.toolCalls.length > 0 ? "tool_use" : "end_turn";
}

/** The last user message's text, and all prompt text including `system` (for input token counts). */
function promptTexts(json: any): { prompt: string; all: string } {
  const messages: any[] = Array.isArray(json.messages) ? json.messages : [];
  const texts = messages.map((m) => blocksText(m?.content));
  const lastUser = messages.map((m) => m?.role).lastIndexOf("user");
  return { prompt: lastUser >= 0 ? texts[lastUser] : "", all: [blocksText(json.system), ...texts].join(" ") };
}

/** A string, or content blocks of which the `text` ones carry text. */
function blocksText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.filter((b) => b?.type === "text" && typeof b.text === "string").map((b) => b.text).join(" ");
}
