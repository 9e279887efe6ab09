// The request-body phase: parse the chat body, then let each policy feature
// add its edits or refuse. Pure: no host calls, testable in as-pect.
// Order: defaults, then the model pin, enrichment and the prompt guard (which
// scans the client's own text; the operator's enrichment is not guarded).

import { RoutePolicy } from "../config/policy";
import { parseJson } from "../json/parse";
import { BodyEditor } from "../json/editor";
import { RequestOutcome } from "./outcome";
import { pinModel } from "./model";
import { applyDefaults } from "./defaults";
import { guardPrompt } from "./guard";

/** Whether this policy needs to see the request body at all. */
export function needsRequestBody(policy: RoutePolicy): bool {
  return (policy.model.length > 0 && policy.provider.modelInBody) || policy.requestGuard !== null ||
    policy.prepend.length > 0 || policy.append.length > 0 || policy.defaults.length > 0;
}

export function processRequestBody(policy: RoutePolicy, body: Uint8Array): RequestOutcome {
  let parsed = parseJson(body);
  const guard = policy.requestGuard;
  if (!parsed.ok() || !parsed.value!.isObject()) {
    // A guard cannot vouch for what it cannot read: refuse (fail closed)
    // unless the policy opted to pass such bodies along unguarded.
    if (guard !== null && guard.passInvalidBody) return new RequestOutcome();
    if (!parsed.ok()) {
      return RequestOutcome.refuse(400, "invalid_request_error",
        "request body is not valid JSON: " + parsed.error + " at byte " + parsed.errorOffset.toString());
    }
    return RequestOutcome.refuse(400, "invalid_request_error", "request body must be a JSON object");
  }
  let current = body;
  if (policy.defaults.length > 0) {
    current = applyDefaults(policy.defaults, body).body;
    if (current !== body) parsed = parseJson(current);
  }
  const root = parsed.value!;
  const editor = new BodyEditor();
  if (policy.model.length > 0 && policy.provider.modelInBody) pinModel(root, policy.model, editor);
  if (policy.prepend.length > 0 || policy.append.length > 0) policy.provider.enrich(root, policy.prepend, policy.append, editor);
  const outcome = new RequestOutcome();
  if (guard !== null) {
    const found = guardPrompt(guard, policy.provider, root, editor);
    outcome.guardMatches = found.matches;
    if (found.reject) {
      const refusal = RequestOutcome.refuse(guard.rejectStatus, "content_rejected", guard.rejectMessage);
      refusal.guardMatches = found.matches;
      return refusal;
    }
  }
  if (editor.changed) outcome.body = editor.apply(current);
  else if (current !== body) outcome.body = current;
  return outcome;
}
