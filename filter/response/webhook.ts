// promptGuard.response.webhook for whole (non-streaming) responses: the
// buffered body's text fields go to the webhook (POST /response, kgateway's
// contract) before the regex runs; its mask replaces them. Streams are not
// sent to the webhook (each event would wait on a round trip).

import { Context } from "@solo-io/proxy-runtime";
import { WebhookGuard } from "../config/policy";
import { Provider } from "../providers/provider";
import { TextField } from "../providers/text-fields";
import { parseJson } from "../json/parse";
import { webhookResponseBody, readVerdict, VerdictKind } from "../guard/webhook";
import { dispatchHttpCall } from "../abi/host";

/** The webhook's verdict on a buffered response: texts to use (null: keep the provider's), or a failure. */
export class ResponseWebhookResult {
  texts: Array<string> | null = null;
  failure: string = "";
}

/** Texts of `body` the webhook sees, or null when the body has none (the call is then skipped). */
export function responseFields(provider: Provider, body: Uint8Array): Array<TextField> | null {
  const parsed = parseJson(body);
  if (!parsed.ok() || !parsed.value!.isObject()) return null;
  const fields = new Array<TextField>(0);
  provider.responseTexts(parsed.value!, fields);
  if (fields.length == 0) return null;
  return fields;
}

export function callResponseWebhook(origin: Context, guard: WebhookGuard, fields: Array<TextField>,
  callback: (origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32) => void): bool {
  const headers = [":method", "POST", ":path", "/response", ":authority", guard.authority, "content-type", "application/json"];
  return dispatchHttpCall(origin, guard.cluster, headers, webhookResponseBody(fields), guard.timeoutMs, callback);
}

export function readResponseVerdict(status: i32, body: Uint8Array, expected: i32): ResponseWebhookResult {
  const result = new ResponseWebhookResult();
  const verdict = readVerdict(status, body, "choices", expected);
  if (verdict.kind == VerdictKind.Error) result.failure = verdict.message;
  else if (verdict.kind == VerdictKind.Mask) result.texts = verdict.texts;
  return result;
}
