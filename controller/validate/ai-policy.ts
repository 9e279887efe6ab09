// The kinds that attach an AI policy to HTTPRoutes, read into one AIPolicy:
//   weir.dev AIPolicy, kgateway TrafficPolicy and (proposal-era) RoutePolicy.
// All carry `spec.targetRefs` and kgateway's `spec.ai`. kgateway's policies
// have many other fields (timeouts, rate limits, transformations…); Weir
// renders only `ai`, so any other field is an error rather than ignored.
import type { SecretLookup } from "./auth-token.ts";
import { readAISpec } from "./ai-spec.ts";
import { child, readBoundedList, readMapping, readString, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { AIPolicy } from "./resources.ts";

const GATEWAY_GROUP = "gateway.networking.k8s.io";
const MAX_TARGETS = 16;

/**
 * `targets` are returned even when the policy has errors of its own, so that
 * what it targets is checked too (one run reports every problem); `policy`
 * only when it is valid.
 */
export function validateAIPolicy(
  { meta, object }: IdentifiedObject,
  reportTo: Report,
  findSecret: SecretLookup,
): { targets: AIPolicy["targets"]; policy?: AIPolicy } {
  const { report, failed } = tracked(reportTo);
  const spec = readMapping(object.spec, ["targetRefs", "ai"], "spec", report);
  if (!spec) return { targets: [] };
  const targets = readBoundedList(spec.targetRefs, "spec.targetRefs", report, 1, MAX_TARGETS).flatMap((item, i) => {
    const field = child("spec.targetRefs", i);
    const ref = readMapping(item, ["group", "kind", "name", "sectionName"], field, report);
    if (!ref) return [];
    const group = readString(ref.group, child(field, "group"), report, true);
    const kind = readString(ref.kind, child(field, "kind"), report, true);
    if ((group !== undefined && group !== GATEWAY_GROUP) || (kind !== undefined && kind !== "HTTPRoute")) {
      report(field, `must target a ${GATEWAY_GROUP} HTTPRoute (the only target Weir supports so far)`);
      return [];
    }
    if (ref.sectionName !== undefined) {
      report(child(field, "sectionName"), "is not supported yet: a policy applies to every rule of its HTTPRoute");
    }
    const name = readString(ref.name, child(field, "name"), report, true);
    return name === undefined ? [] : [{ name, field }];
  });
  const ai = readAISpec(spec.ai, "spec.ai", report, findSecret, meta.kind);
  return failed() || !ai ? { targets } : { targets, policy: { meta, targets, ai } };
}
