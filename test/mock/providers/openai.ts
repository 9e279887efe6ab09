// OpenAI Chat Completions: POST /v1/chat/completions, `Authorization: Bearer K`.
// Streams when the body says `stream: true`: `data: {chat.completion.chunk}` events, then a usage-only
// chunk when `stream_options.include_usage` is true, then `data: [DONE]`.
// The body builders are exported because Azure OpenAI sends the very same bodies.
import type { MatchedRequest, ProviderCall, ProviderFormat, ProviderResult } from "../types.ts";
import { resolveReply, splitArguments, splitText, type ResolvedReply } from "../reply.ts";
import { dataEvent } from "../sse.ts";

export const openai: ProviderFormat = {
  name: "openai",
  queue: "chat",
  match: (method, url) => (method === "POST" && url.pathname === "/v1/chat/completions" ? {} : undefined),
  credential: bearerToken,
  authMessage: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  errorBody: openaiErrorBody,
  validate: (request) =>
    typeof request.json.model !== "string" ? { status: 400, message: "you must provide a model parameter" }
    : requireMessages(request),
  respond: (call) => respondChatCompletion(call, call.json.model),
};

/** OpenAI refuses a chat request without a messages array. */
export function requireMessages(request: MatchedRequest): { status: number; message: string } | undefined {
  return Array.isArray(request.json.messages) ? undefined : { status: 400, message: "Missing required parameter: 'messages'." };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer (.*)$/i.exec(headers["authorization"] ?? "");
  return match ? match[1] : undefined;
}

/** `{"error":{"message","type","param","code"}}` with the type and code OpenAI uses for the status. */
export function openaiErrorBody(status: number, message: string): unknown {
  const [type, code] =
    status === 401 ? ["invalid_request_error", "invalid_api_key"]
    : status === 404 ? ["invalid_request_error", "unknown_url"]
    : status === 429 ? ["requests", "rate_limit_exceeded"]
    : status >= 500 ? ["server_error", null]
    : ["invalid_request_error", null];
  return { error: { message, type, param: null, code } };
}

export function respondChatCompletion(call: ProviderCall, model: string): ProviderResult {
  const { prompt, all } = messageTexts(call.json);
  const reply = resolveReply(call.reply, prompt, all);
  const head = { id: call.newId("chatcmpl-mock"), created: Math.floor(Date.now() / 1000), model };
  if (call.json.stream === true) {
    const withUsage = call.json.stream_options?.include_usage === true;
    return { contentType: "text/event-stream; charset=utf-8", events: completionChunks(head, reply, withUsage, call) };
  }
  return { status: 200, json: completion(head, reply, call) };
}

interface Head { id: string; created: number; model: string }

function completion(head: Head, reply: ResolvedReply, call: ProviderCall): unknown {
  const toolCalls = reply.toolCalls.map((tc) => ({
    id: tc.id ?? call.newId("call_mock"),
    type: "function",
    function: { name: tc.name, arguments: tc.arguments },
  }));
  return {
    id: head.id,
    object: "chat.completion",
    created: head.created,
    model: head.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.text ?? null,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(reply),
      },
    ],
    usage: usage(reply),
  };
}

function completionChunks(head: Head, reply: ResolvedReply, withUsage: boolean, call: ProviderCall): string[] {
  // With include_usage, every chunk but the last carries `usage: null`, as OpenAI sends it.
  const chunk = (delta: unknown, finish: string | null = null) =>
    dataEvent({
      id: head.id,
      object: "chat.completion.chunk",
      created: head.created,
      model: head.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });

  const events = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of splitText(reply.text ?? "")) events.push(chunk({ content: piece }));
  reply.toolCalls.forEach((tc, index) => {
    // The first fragment names the call; the rest only append to its arguments.
    const id = tc.id ?? call.newId("call_mock");
    events.push(chunk({ tool_calls: [{ index, id, type: "function", function: { name: tc.name, arguments: "" } }] }));
    for (const fragment of splitArguments(tc.arguments)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
    }
  });
  events.push(chunk({}, finishReason(reply)));
  if (withUsage) {
    events.push(dataEvent({ id: head.id, object: "chat.completion.chunk", created: head.created, model: head.model, choices: [], usage: usage(reply) }));
  }
  events.push("data: [DONE]\n\n");
  return events;
}

function finishReason(reply: ResolvedReply): string {
  if (reply.finish === "length") return "length";
  return reply.toolCalls.length > 0 ? "tool_calls" : "stop";
}

function usage(reply: ResolvedReply) {
  return {
    prompt_tokens: reply.inputTokens,
    completion_tokens: reply.outputTokens,
    total_tokens: reply.inputTokens + reply.outputTokens,
  };
}

/** The last user message's text, and all message text (for input token counts). */
export function messageTexts(json: MatchedRequest["json"]): { prompt: string; all: string } {
  const messages: any[] = Array.isArray(json?.messages) ? json.messages : [];
  const texts = messages.map((m) => contentText(m?.content));
  const lastUser = messages.map((m) => m?.role).lastIndexOf("user");
  return { prompt: lastUser >= 0 ? texts[lastUser] : "", all: texts.join(" ") };
}

/** `content` is a string, or an array of parts of which the `text` ones carry text. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part) => part?.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join(" ");
}
