// Gemini API: POST /{version}/models/{model}:generateContent and :streamGenerateContent,
// key in `x-goog-api-key: K` or `?key=K`. The path, not the body, says whether to stream:
// with `?alt=sse` as `data: {GenerateContentResponse}\r\n\r\n` events (Google ends events with CRLF),
// without it as one JSON array written element by element. usageMetadata rides on the last chunk.
// The body builders are exported because Vertex AI sends the very same bodies.
import type { ProviderCall, ProviderFormat, ProviderResult } from "../types.ts";
import { argumentsObject, resolveReply, splitText, type ResolvedReply } from "../reply.ts";
import { crlfDataEvent } from "../sse.ts";

const PATH = /^\/(v1[a-z0-9]*)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export const gemini: ProviderFormat = {
  name: "gemini",
  queue: "chat",
  match(method, url) {
    const m = method === "POST" ? PATH.exec(url.pathname) : null;
    return m ? { version: m[1], model: m[2], method: m[3] } : undefined;
  },
  credential: (headers, url) => headers["x-goog-api-key"] ?? url.searchParams.get("key") ?? undefined,
  // Note: the real Gemini API answers a wrong key with 400 INVALID_ARGUMENT (reason API_KEY_INVALID);
  // the mock uses 401 for every provider so gateway tests can treat auth failures alike.
  authMessage: "API key not valid. Please pass a valid API key.",
  errorBody: googleErrorBody,
  validate: requireContents,
  respond: (call) => respondGenerateContent(call, call.params.model),
};

/** `{"error":{"code","message","status"}}` with Google's canonical status name. */
export function googleErrorBody(status: number, message: string): unknown {
  return { error: { code: status, message, status: STATUS_NAMES[status] ?? (status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION") } };
}

export function requireContents({ json }: { json: any }): { status: number; message: string } | undefined {
  return Array.isArray(json.contents) ? undefined : { status: 400, message: "* GenerateContentRequest.contents: contents is not specified" };
}

export function respondGenerateContent(call: ProviderCall, model: string): ProviderResult {
  const { prompt, all } = promptTexts(call.json);
  const reply = resolveReply(call.reply, prompt, all);
  const responseId = call.newId("mock-resp-");
  const response = (parts: unknown[], last: boolean) => ({
    candidates: [
      {
        content: { role: "model", parts },
        ...(last ? { finishReason: reply.finish === "length" ? "MAX_TOKENS" : "STOP" } : {}),
        index: 0,
      },
    ],
    ...(last ? { usageMetadata: usageMetadata(reply) } : {}),
    modelVersion: model,
    responseId,
  });
  const calls = reply.toolCalls.map((tc) => ({ functionCall: { name: tc.name, args: argumentsObject(tc) } }));

  if (call.params.method === "generateContent") {
    const parts = [...(reply.text !== undefined ? [{ text: reply.text }] : []), ...calls];
    return { status: 200, json: response(parts, true) };
  }
  // Streaming: one chunk per text piece, then one carrying the function calls; the last also finishes.
  const chunks: unknown[][] = splitText(reply.text ?? "").map((text) => [{ text }]);
  if (calls.length > 0) chunks.push(calls);
  if (chunks.length === 0) chunks.push([{ text: "" }]);
  const bodies = chunks.map((parts, i) => response(parts, i === chunks.length - 1));

  if (call.url.searchParams.get("alt") === "sse") {
    return { contentType: "text/event-stream", events: bodies.map(crlfDataEvent) };
  }
  return {
    contentType: "application/json; charset=UTF-8",
    events: [...bodies.map((b, i) => (i === 0 ? "[" : ",\r\n") + JSON.stringify(b)), "]"],
  };
}

function usageMetadata(reply: ResolvedReply) {
  return {
    promptTokenCount: reply.inputTokens,
    candidatesTokenCount: reply.outputTokens,
    totalTokenCount: reply.inputTokens + reply.outputTokens,
  };
}

/** The last user turn's text, and all prompt text including systemInstruction (for input token counts). */
function promptTexts(json: any): { prompt: string; all: string } {
  const contents: any[] = Array.isArray(json.contents) ? json.contents : [];
  const texts = contents.map((c) => partsText(c?.parts));
  // A content without a role is the user's.
  const lastUser = contents.map((c) => c?.role ?? "user").lastIndexOf("user");
  return { prompt: lastUser >= 0 ? texts[lastUser] : "", all: [partsText(json.systemInstruction?.parts), ...texts].join(" ") };
}

function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return "";
  return parts.filter((p) => typeof p?.text === "string").map((p) => p.text).join(" ");
}
