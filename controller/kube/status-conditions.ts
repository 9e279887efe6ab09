// What each object's status should say, Gateway API style: conditions
// Accepted and ResolvedRefs with observedGeneration, a reason and a message
// naming the problem and what Envoy serves instead. LLMBackend and AIPolicy
// carry them in status.conditions, HTTPRoute per parent in status.parents.
// Pure; lastTransitionTime is filled in by the writer.
import type { Diagnostic } from "../diagnostics.ts";
import type { KubeObject, ObjectKey } from "./kube-object.ts";
import type { Served } from "./fallback-render.ts";

export const CONTROLLER_NAME = "weir.dev/gateway-controller";

export interface Condition {
  type: "Accepted" | "ResolvedRefs";
  status: "True" | "False";
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface RouteParentStatus {
  parentRef: Record<string, unknown>;
  controllerName: string;
  conditions: Condition[];
}

/** What is known about one selected object after a render. */
export interface ObjectOutcome {
  object: KubeObject;
  served: Served;
  /** Generation Envoy serves when it is not the current one. */
  servedGeneration?: number;
  problems: Diagnostic[];
  /** Referenced objects that exist but are not served themselves (why a reference "is not found"). */
  unservedReferences: ObjectKey[];
  /** Referenced objects Envoy serves at their last accepted version, not their current one. */
  staleReferences: ObjectKey[];
  /** Referenced Secrets ("ns/name") the controller is not allowed to read. */
  forbiddenSecrets: string[];
}

const REFERENCE_FIELD = /(^|\.)(secretRef|targetRefs?|backendRefs)(\b|\[)/;
// One message per condition; the API server allows 32768 characters.
const MAX_MESSAGE = 4000;

export function objectConditions(o: ObjectOutcome): Condition[] {
  const generation = o.object.metadata.generation;
  // A Secret the controller may not read looks absent to validation; say why instead.
  const unreadable = (d: Diagnostic) => o.forbiddenSecrets.some((s) => d.reason.startsWith(`Secret ${s.split("/")[1]} is not found`));
  const refProblems = o.problems.filter((d) => REFERENCE_FIELD.test(d.field ?? "") && !unreadable(d));
  const specProblems = o.problems.filter((d) => !REFERENCE_FIELD.test(d.field ?? ""));
  // With Secrets granted by name, a Secret that does not exist is forbidden too: the API server checks RBAC first.
  const forbidden = o.forbiddenSecrets.map(
    (s) => `cannot read Secret ${s}: the API server denies the controller access (grant it by name in a Role bound to Weir's ServiceAccount, or check the name)`,
  );
  const refTexts = [...forbidden, ...refProblems.map(describe)];
  const resolved: Condition =
    refTexts.length === 0
      ? { type: "ResolvedRefs", status: "True", reason: "ResolvedRefs", message: "All references resolved." }
      : { type: "ResolvedRefs", status: "False", reason: forbidden.length > 0 ? "RefNotPermitted" : refReason(refProblems), message: sentence(refTexts) };
  return [accepted(o, specProblems.length > 0 ? "Invalid" : "UnresolvedRefs", [...specProblems.map(describe), ...refTexts]), resolved].map((c) => ({
    ...c,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  }));
}

/** status.parents entries for an HTTPRoute: one per parentRef naming a Weir Gateway. */
export function routeParentStatuses(o: ObjectOutcome, originalParentIndexes: number[]): RouteParentStatus[] {
  const generation = o.object.metadata.generation;
  const originalParents: Record<string, unknown>[] = o.object.spec?.parentRefs ?? [];
  const backendProblems = o.problems.filter((d) => /^spec\.rules\[\d+\]\.backendRefs/.test(d.field ?? ""));
  return originalParentIndexes.map((original, i) => {
    const mine = (d: Diagnostic) => (d.field ?? "").startsWith(`spec.parentRefs[${i}]`);
    const parentProblems = o.problems.filter(mine);
    const otherParents = (d: Diagnostic) => /^spec\.parentRefs\[/.test(d.field ?? "") && !mine(d);
    const routeProblems = o.problems.filter((d) => !mine(d) && !otherParents(d) && !backendProblems.includes(d));
    const reason = parentProblems.length > 0 ? parentReason(parentProblems) : routeProblems.length > 0 ? "UnsupportedValue" : "UnresolvedRefs";
    const texts = [...parentProblems, ...routeProblems, ...backendProblems].map(describe);
    const resolved: Condition =
      backendProblems.length === 0
        ? { type: "ResolvedRefs", status: "True", reason: "ResolvedRefs", message: "All backend references resolved." }
        : { type: "ResolvedRefs", status: "False", reason: backendReason(backendProblems), message: sentence(backendProblems.map(describe)) };
    const conditions = [accepted(o, reason, texts), resolved].map((c) => ({
      ...c,
      ...(generation === undefined ? {} : { observedGeneration: generation }),
    }));
    return { parentRef: originalParents[original] ?? {}, controllerName: CONTROLLER_NAME, conditions };
  });
}

function accepted(o: ObjectOutcome, falseReason: string, problems: string[]): Condition {
  if (o.served === "current" && problems.length === 0) {
    return { type: "Accepted", status: "True", reason: "Accepted", message: "This generation is in the gateway configuration." };
  }
  const notes = o.unservedReferences.map((k) => `${k} is not accepted itself (see its status)`);
  const stale = o.staleReferences.length > 0 ? `, with the last accepted version of ${o.staleReferences.join(", ")}` : "";
  const served =
    o.served === "previous"
      ? `Envoy keeps serving the last accepted version${o.servedGeneration === undefined ? "" : ` (generation ${o.servedGeneration})`}${stale}.`
      : o.served === "current"
        ? `This generation is in the gateway configuration${stale}.`
        : "Not served.";
  const texts = [...problems, ...notes];
  return { type: "Accepted", status: "False", reason: texts.length > 0 ? falseReason : "Pending", message: clip(`${sentence(texts)} ${served}`.trim()) };
}

function describe(d: Diagnostic): string {
  return d.field ? `${d.field}: ${d.reason}` : d.reason;
}

function sentence(texts: string[]): string {
  return clip(texts.length === 0 ? "" : `${texts.join("; ")}.`);
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

function refReason(problems: Diagnostic[]): string {
  return problems.some((d) => /not found/.test(d.reason)) ? "RefNotFound" : "InvalidRef";
}

function parentReason(problems: Diagnostic[]): string {
  if (problems.some((d) => /hostname/.test(d.reason))) return "NoMatchingListenerHostname";
  if (problems.some((d) => /not found|no listener/.test(d.reason))) return "NoMatchingParent";
  return "NotAllowedByListeners";
}

function backendReason(problems: Diagnostic[]): string {
  if (problems.some((d) => /must reference/.test(d.reason))) return "InvalidKind";
  if (problems.some((d) => /namespace/.test(d.reason) && !/not found/.test(d.reason))) return "RefNotPermitted";
  return "BackendNotFound";
}
