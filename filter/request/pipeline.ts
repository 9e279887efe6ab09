// The request-body phase as a small state machine, in kgateway's order:
// defaults → webhook → regex (MASK/REJECT) → moderation → the body edits
// (model pin, enrichment, masked texts). Webhook and moderation need an
// http_call; the pipeline then stops with `call` set, and the stream resumes
// it with the reply. Pure: no host calls, so every path is testable.

import { RoutePolicy, RequestGuard, GuardAction, CallGuard } from "../config/policy";
import { parseJson } from "../json/parse";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { ByteSink, encodeJsonString } from "../json/string";
import { utf8 } from "../json/bytes";
import { TextField } from "../providers/text-fields";
import { maskText } from "../guard/builtins-mask";
import { webhookRequestBody, readVerdict, VerdictKind } from "../guard/webhook";
import { moderationRequestBody, readModeration } from "../guard/moderation";
import { RequestOutcome } from "./outcome";
import { pinModel } from "./model";
import { applyDefaults } from "./defaults";
import { asksForStreamUsage, askForStreamUsage } from "../usage/request";

/** An http_call the stream must make before the pipeline can go on. */
export class CallSpec {
  cluster: string;
  /** Flat [name, value, name, value…] including :method, :path, :authority. */
  headers: Array<string>;
  body: string;
  timeoutMs: u32;

  constructor(guard: CallGuard, path: string, body: string) {
    this.cluster = guard.cluster;
    this.headers = [":method", "POST", ":path", path, ":authority", guard.authority, "content-type", "application/json"];
    this.body = body;
    this.timeoutMs = guard.timeoutMs;
  }
}

enum Stage { Webhook, WebhookReply, Regex, Moderation, ModerationReply, Finish }

const STREAM_KEY = utf8('"stream"');
// Shared empties: most requests have no guard; never push to these.
const NO_HEADERS = new Array<string>(0);
const NO_FIELDS = new Array<TextField>(0);
const NO_BYTES = new Uint8Array(0);

/** Whether `"stream"` occurs in the body (a member name or a string; either way worth a parse). */
function mentionsStream(body: Uint8Array): bool {
  const key = STREAM_KEY;
  const last = body.length - key.length;
  for (let i = 0; i <= last; i++) {
    if (unchecked(body[i]) != 0x22) continue;
    let k = 1;
    while (k < key.length && unchecked(body[i + k]) == unchecked(key[k])) k++;
    if (k == key.length) return true;
  }
  return false;
}

/** Whether this policy needs to see the request body at all. */
export function needsRequestBody(policy: RoutePolicy): bool {
  return policyEditsBody(policy) || asksForStreamUsage(policy);
}

function policyEditsBody(policy: RoutePolicy): bool {
  return (policy.model.length > 0 && policy.provider.modelInBody) || policy.requestGuard !== null ||
    policy.prepend.length > 0 || policy.append.length > 0 || policy.defaults.length > 0;
}

/** The body is held only to ask for stream usage (usage/request.ts): a body Weir cannot read or hold passes as it is. */
export function onlyForStreamUsage(policy: RoutePolicy): bool {
  return !policyEditsBody(policy) && asksForStreamUsage(policy);
}

export class RequestPipeline {
  policy: RoutePolicy;
  /** Set when the pipeline has finished. */
  outcome: RequestOutcome | null = null;
  /** Set while the pipeline waits for an http_call reply. */
  call: CallSpec | null = null;
  /** Client headers a webhook forwards, flat [name, value…], captured at request headers (a new array replaces the shared empty one). */
  forwardedHeaders: Array<string> = NO_HEADERS;
  /** Guard matches masked (or found, for a rejection). */
  guardMatches: i32 = 0;
  /** Set when a guard call failed and the policy failed open. */
  callFailure: string = "";
  /** What a request guard did, for metrics and the access log: "" when it found nothing. */
  guardOutcome: string = "";
  /** The model the request names (or the backend pins), for metric labels. */
  model: string = "";
  /** Weir added stream_options.include_usage (usage/request.ts); the response drops what the client did not ask for. */
  addedStreamUsage: bool = false;

  private stage: Stage = Stage.Webhook;
  private body: Uint8Array = NO_BYTES;
  private defaultsApplied: bool = false;
  private root: JsonValue | null = null;
  private fields: Array<TextField> = NO_FIELDS;

  constructor(policy: RoutePolicy) {
    this.policy = policy;
  }

  start(body: Uint8Array): void {
    const guard = this.policy.requestGuard;
    // Held only to ask for stream usage: a body that never names "stream"
    // does not stream, and needs no parse (most requests of such routes).
    if (onlyForStreamUsage(this.policy) && !mentionsStream(body)) { this.outcome = new RequestOutcome(); return; }
    // A guard reads every message: build the whole tree at once.
    const eager = guard !== null;
    let parsed = parseJson(body, eager);
    if (!parsed.ok() || !parsed.value!.isObject()) {
      // A guard cannot vouch for what it cannot read: refuse (fail closed)
      // unless the policy opted to pass such bodies along unguarded.
      if (guard !== null && guard.passInvalidBody) { this.outcome = new RequestOutcome(); return; }
      if (onlyForStreamUsage(this.policy)) { this.outcome = new RequestOutcome(); return; }
      if (!parsed.ok()) {
        this.outcome = RequestOutcome.refuse(400, "invalid_request_error",
          "request body is not valid JSON: " + parsed.error + " at byte " + parsed.errorOffset.toString());
      } else {
        this.outcome = RequestOutcome.refuse(400, "invalid_request_error", "request body must be a JSON object");
      }
      return;
    }
    this.body = body;
    if (this.policy.defaults.length > 0) {
      this.body = applyDefaults(this.policy.defaults, body).body;
      if (this.body !== body) {
        this.defaultsApplied = true;
        parsed = parseJson(this.body, eager);
      }
    }
    this.root = parsed.value;
    this.model = this.policy.model;
    if (this.model.length == 0) this.model = parsed.value!.getString("model", "");
    if (guard !== null) {
      const fields = new Array<TextField>(0);
      this.policy.provider.promptTexts(parsed.value!, fields);
      this.fields = fields;
    }
    this.advance();
  }

  /** The reply to `call`: its HTTP status (0 when the call failed) and body. */
  resume(status: i32, body: Uint8Array): void {
    this.call = null;
    const guard = this.policy.requestGuard!;
    if (this.stage == Stage.WebhookReply) {
      const verdict = readVerdict(status, body, "messages", this.fields.length);
      if (verdict.kind == VerdictKind.Reject) {
        this.guardOutcome = "webhook_rejected";
        this.outcome = RequestOutcome.refuse(verdict.status, "content_rejected", verdict.message);
        return;
      }
      if (verdict.kind == VerdictKind.Error) {
        this.guardOutcome = "webhook_error";
        if (!this.callFailed(guard.webhook!, "guardrail webhook", verdict.message)) return;
      } else if (verdict.kind == VerdictKind.Mask) {
        this.guardOutcome = "webhook_masked";
        for (let i = 0; i < this.fields.length; i++) this.fields[i].replaceText(verdict.texts[i]);
      }
      this.stage = Stage.Regex;
    } else if (this.stage == Stage.ModerationReply) {
      const verdict = readModeration(status, body);
      if (verdict.error.length > 0) {
        this.guardOutcome = "moderation_error";
        if (!this.callFailed(guard.moderation!, "moderation", verdict.error)) return;
      } else if (verdict.flagged) {
        this.guardOutcome = "flagged";
        this.outcome = RequestOutcome.refuse(guard.rejectStatus, "content_rejected", guard.rejectMessage);
        return;
      }
      this.stage = Stage.Finish;
    }
    this.advance();
  }

  /** False (with the refusal as outcome) when the policy fails closed. */
  private callFailed(guard: CallGuard, what: string, why: string): bool {
    if (guard.failOpen) {
      this.callFailure = what + ": " + why;
      return true;
    }
    this.outcome = RequestOutcome.refuse(503, "guard_unavailable", "the " + what + " guarding this route is unavailable");
    return false;
  }

  private advance(): void {
    const guard = this.policy.requestGuard;
    while (this.outcome === null && this.call === null) {
      if (this.stage == Stage.Webhook) {
        this.stage = Stage.Regex;
        if (guard !== null && guard.webhook !== null && this.fields.length > 0) {
          const call = new CallSpec(guard.webhook!, "/request", webhookRequestBody(this.fields));
          const fwd = this.forwardedHeaders;
          for (let i = 0; i < fwd.length; i++) call.headers.push(fwd[i]);
          this.call = call;
          this.stage = Stage.WebhookReply;
        }
      } else if (this.stage == Stage.Regex) {
        this.stage = Stage.Moderation;
        if (guard !== null && guard.patterns !== null) this.applyRegex(guard);
      } else if (this.stage == Stage.Moderation) {
        this.stage = Stage.Finish;
        if (guard !== null && guard.moderation !== null && this.fields.length > 0) {
          const m = guard.moderation!;
          const call = new CallSpec(m, "/v1/moderations", moderationRequestBody(this.fields, m.model));
          call.headers.push("authorization");
          call.headers.push("Bearer " + m.key);
          this.call = call;
          this.stage = Stage.ModerationReply;
        }
      } else {
        this.finish();
      }
    }
  }

  private applyRegex(guard: RequestGuard): void {
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i];
      const masked = maskText(guard.patterns!, field.bytes());
      if (masked.total == 0) continue;
      this.guardMatches += masked.total;
      if (guard.action == GuardAction.Reject) {
        this.guardOutcome = "rejected";
        this.outcome = RequestOutcome.refuse(guard.rejectStatus, "content_rejected", guard.rejectMessage);
        return;
      }
      field.replaceBytes(masked.masked);
    }
  }

  private finish(): void {
    const policy = this.policy;
    if (this.guardMatches > 0 && this.guardOutcome.length == 0) this.guardOutcome = "masked";
    const root = this.root!;
    const editor = new BodyEditor();
    if (policy.model.length > 0 && policy.provider.modelInBody) pinModel(root, policy.model, editor);
    if (policy.prepend.length > 0 || policy.append.length > 0) policy.provider.enrich(root, policy.prepend, policy.append, editor);
    // Streaming usage (usage/request.ts): OpenAI-style streams report usage only when asked.
    if (asksForStreamUsage(policy)) this.addedStreamUsage = askForStreamUsage(root, editor);
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i];
      if (!field.changed) continue;
      const text = field.bytes();
      const sink = new ByteSink(text.length + 2);
      encodeJsonString(text, sink);
      editor.replace(field.node, sink.toBytes());
    }
    const outcome = new RequestOutcome();
    if (editor.changed) outcome.body = editor.apply(this.body);
    else if (this.defaultsApplied) outcome.body = this.body;
    this.outcome = outcome;
  }
}
