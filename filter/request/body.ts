// The request-body phase: parse the chat body once, then let each policy
// feature add its edits or refuse. Pure: no host calls, testable in as-pect.

import { RoutePolicy } from "../config/policy";
import { parseJson } from "../json/parse";
import { Edit, applyEdits } from "../json/edit";
import { RequestOutcome } from "./outcome";
import { modelEdit } from "./model";
import { guardPrompt } from "./guard";

/** Whether this policy needs to see the request body at all. */
export function needsRequestBody(policy: RoutePolicy): bool {
  return (policy.model.length > 0 && policy.provider.modelInBody) || policy.requestGuard !== null;
}

export function processRequestBody(policy: RoutePolicy, body: Uint8Array): RequestOutcome {
  const parsed = parseJson(body);
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
  const root = parsed.value!;
  const edits = new Array<Edit>(0);
  if (policy.model.length > 0 && policy.provider.modelInBody) {
    const edit = modelEdit(root, policy.model);
    if (edit !== null) edits.push(edit);
  }
  const outcome = new RequestOutcome();
  if (guard !== null) {
    const found = guardPrompt(guard, policy.provider, root, edits);
    outcome.guardMatches = found.matches;
    if (found.reject) {
      const refusal = RequestOutcome.refuse(guard.rejectStatus, "content_rejected", guard.rejectMessage);
      refusal.guardMatches = found.matches;
      return refusal;
    }
  }
  if (edits.length > 0) outcome.body = applyEdits(body, edits);
  return outcome;
}
