// kgateway's Guardrail Webhook API (0.1.0), as the filter speaks it:
//   POST /request  {"body":{"messages":[{"role","content"}…]}}
//   POST /response {"body":{"choices":[{"message":{"role","content"}}…]}}
// and the reply's `action`: `status_code` → reject (with `body` as the
// message), an object `body` → mask (same number of messages/choices, in
// order), anything else → pass.

import { TextField } from "../providers/text-fields";
import { parseJson } from "../json/parse";
import { JsonValue } from "../json/value";
import { jsonQuote } from "../json/string";

export enum VerdictKind { Pass, Mask, Reject, Error }

export class WebhookVerdict {
  kind: VerdictKind = VerdictKind.Pass;
  /** Mask: the new text of each field, in order. */
  texts: Array<string> = new Array<string>(0);
  /** Reject: status and message for the client. Error: what went wrong. */
  status: i32 = 0;
  message: string = "";

  static error(message: string): WebhookVerdict {
    const v = new WebhookVerdict();
    v.kind = VerdictKind.Error;
    v.message = message;
    return v;
  }
}

function message(field: TextField): string {
  return '{"role":' + jsonQuote(field.role) + ',"content":' + jsonQuote(field.text) + "}";
}

export function webhookRequestBody(fields: Array<TextField>): string {
  const items = new Array<string>(0);
  for (let i = 0; i < fields.length; i++) items.push(message(fields[i]));
  return '{"body":{"messages":[' + items.join(",") + "]}}";
}

export function webhookResponseBody(fields: Array<TextField>): string {
  const items = new Array<string>(0);
  for (let i = 0; i < fields.length; i++) items.push('{"message":' + message(fields[i]) + "}");
  return '{"body":{"choices":[' + items.join(",") + "]}}";
}

/** Reads the webhook's reply. `listKey` is "messages" (request) or "choices" (response). */
export function readVerdict(status: i32, body: Uint8Array, listKey: string, expected: i32): WebhookVerdict {
  if (status != 200) return WebhookVerdict.error("webhook answered HTTP " + status.toString());
  const parsed = parseJson(body);
  if (!parsed.ok() || !parsed.value!.isObject()) return WebhookVerdict.error("webhook reply is not a JSON object");
  const action = parsed.value!.get("action");
  if (action === null || !action.isObject()) return WebhookVerdict.error("webhook reply has no action object");
  const verdict = new WebhookVerdict();
  const code = action.get("status_code");
  const replyBody = action.get("body");
  if (code !== null) {
    verdict.kind = VerdictKind.Reject;
    verdict.status = <i32>code.numberValue;
    if (verdict.status < 200 || verdict.status > 599) verdict.status = 403;
    verdict.message = "The request was rejected by a guardrail webhook";
    if (replyBody !== null && replyBody.isString()) verdict.message = replyBody.stringValue;
    return verdict;
  }
  if (replyBody === null || !replyBody.isObject()) return verdict;
  const list = replyBody.get(listKey);
  if (list === null || !list.isArray() || list.items.length != expected) {
    return WebhookVerdict.error("webhook mask reply must carry " + expected.toString() + " " + listKey);
  }
  verdict.kind = VerdictKind.Mask;
  for (let i = 0; i < list.items.length; i++) {
    let item: JsonValue | null = list.items[i];
    if (listKey == "choices" && item !== null) item = item.get("message");
    if (item === null) return WebhookVerdict.error("webhook mask reply: " + listKey + "[" + i.toString() + "] has no message");
    const content = item.get("content");
    if (content === null || !content.isString()) {
      return WebhookVerdict.error("webhook mask reply: " + listKey + "[" + i.toString() + "] has no string content");
    }
    verdict.texts.push(content.stringValue);
  }
  return verdict;
}
