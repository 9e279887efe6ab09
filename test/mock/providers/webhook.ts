// Guardrail webhook, compatible with kgateway's Guardrail Webhook API (v0.1.0). No credential.
//
// POST /request   {"body":{"messages":[{"role":string,"content":string}, ...]}}
//   200 {"action":{"reason":string}}                                          pass: forward unchanged
//   200 {"action":{"body":{"messages":[...same count...]},"reason":string}}   mask: forward these messages
//   200 {"action":{"body":string,"status_code":number,"reason":string}}       reject: answer the client with this
// POST /response  {"body":{"choices":[{"message":{"role":string,"content":string}}, ...]}}
//   200 {"action":{"reason":string}}                                          pass
//   200 {"action":{"body":{"choices":[...same count...]},"reason":string}}    mask
// The action is told apart by its fields: `status_code` → reject, an object `body` → mask, else pass.
// A body not of these shapes → 422 {"detail":[{"loc":["body"],"msg":string,"type":"value_error"}]}.
//
// Default rules (MockOptions.webhook), all case-insensitive:
//   a prompt containing rejectWord (default "block") → reject, 403, body "request blocked" (requests only);
//   otherwise any content containing maskWord (default "secret") → mask, each occurrence → "****";
//   otherwise pass with reason "no rule matched".
// Script any other answer with mock.replyRaw("webhook", {status, body, delayMs}).
import type { ProviderFormat } from "../types.ts";

interface Message { role: string; content: string }

export const webhook: ProviderFormat = {
  name: "webhook",
  queue: "webhook",
  match: (method, url) =>
    method === "POST" && (url.pathname === "/request" || url.pathname === "/response") ? { phase: url.pathname.slice(1) } : undefined,
  authMessage: "",
  errorBody: (_status, message) => ({ detail: [{ loc: ["body"], msg: message, type: "value_error" }] }),
  validate({ params, json }) {
    const ok =
      params.phase === "request"
        ? isMessages(json.body?.messages)
        : Array.isArray(json.body?.choices) && json.body.choices.every((c: any) => isMessages([c?.message]));
    const expected = params.phase === "request" ? "body.messages[{role, content}]" : "body.choices[{message{role, content}}]";
    return ok ? undefined : { status: 422, message: `expected ${expected}` };
  },
  respond({ params, json, options }) {
    const rejectWord = (options.webhook?.rejectWord ?? "block").toLowerCase();
    const mask = maskerFor(options.webhook?.maskWord ?? "secret");
    if (params.phase === "request") {
      const messages: Message[] = json.body.messages;
      if (messages.some((m) => m.content.toLowerCase().includes(rejectWord))) {
        return { status: 200, json: { action: { body: "request blocked", status_code: 403, reason: `contains "${rejectWord}"` } } };
      }
      if (messages.some((m) => mask.test(m.content))) {
        const masked = messages.map((m) => ({ ...m, content: mask.apply(m.content) }));
        return { status: 200, json: { action: { body: { messages: masked }, reason: "masked" } } };
      }
    } else {
      const choices: { message: Message }[] = json.body.choices;
      if (choices.some((c) => mask.test(c.message.content))) {
        const masked = choices.map((c) => ({ ...c, message: { ...c.message, content: mask.apply(c.message.content) } }));
        return { status: 200, json: { action: { body: { choices: masked }, reason: "masked" } } };
      }
    }
    return { status: 200, json: { action: { reason: "no rule matched" } } };
  },
};

function isMessages(value: unknown): value is Message[] {
  return Array.isArray(value) && value.every((m) => typeof m?.role === "string" && typeof m?.content === "string");
}

function maskerFor(word: string) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    test: (text: string) => new RegExp(escaped, "i").test(text),
    apply: (text: string) => text.replace(new RegExp(escaped, "gi"), "****"),
  };
}
