// Checks the rendered plugin config with the filter's own parser and reports
// each refusal on the manifest it came from: file, object, field, reason.
//
// The parser stops at its first error, so to report every error at once:
// the whole config is checked first (the common case: it loads); if it does
// not, each distinct route policy is checked alone, and within a policy the
// refused part is taken out (a regex pattern replaced by a harmless one, a
// field the filter does not know removed) and the policy checked again,
// until it loads or the refusal is of another kind.
//
// A field the filter does not know is one the controller carries ahead of the
// filter (the contract grows first): it is reported as not supported yet,
// never silently dropped.
import type { Diagnostic } from "../diagnostics.ts";
import { httpCalls } from "../ir/http-calls.ts";
import type { PluginConfig, RoutePolicy } from "../ir/plugin-config.ts";
import { aiPolicyPart } from "../ir/route-policy.ts";
import type { ForwardToLLM, IR } from "../ir/types.ts";
import { fieldRef, type AIPolicy, type Secret } from "../validate/resources.ts";
import type { PluginConfigValidator } from "./wasm-validator.ts";

const MAX_ROUNDS = 64;
const HARMLESS_PATTERN = "x";
// routes["<name>"]<path>: <reason>
const REFUSAL = /^routes\[("(?:[^"\\]|\\.)*")\]([\w.[\]]*): ([\s\S]*)$/;

export function checkPluginConfig(ir: IR, config: PluginConfig, validate: PluginConfigValidator): Diagnostic[] {
  // The filter parses each route's policy on its own, so each distinct policy
  // is checked once: routes sharing a backend and an AI policy share its errors.
  const distinct = new Map<string, [string, RoutePolicy]>();
  for (const [name, policy] of Object.entries(config.routes)) {
    const text = JSON.stringify(policy);
    if (!distinct.has(text)) distinct.set(text, [name, policy]);
  }
  const whole = validate(JSON.stringify({ routes: Object.fromEntries(distinct.values()) }));
  if (whole === undefined) return [];
  const actions = new Map<string, ForwardToLLM>();
  for (const route of ir.listeners.flatMap((l) => l.virtualHosts.flatMap((v) => v.routes))) {
    if (route.action.type === "ForwardToLLM") actions.set(route.name, route.action);
  }
  const found: Diagnostic[] = [];
  for (const [name, policy] of distinct.values()) found.push(...refusalsOf(name, policy, actions.get(name)?.sources, validate));
  if (found.length === 0) {
    // Refused as a whole only (never expected): say so on the first route's backend.
    const first = [...actions.values()][0];
    if (first) found.push({ ...at(first.sources.backend, first.sources.backend.field), reason: `the Weir filter refuses the plugin config: ${whole}` });
  }
  return found;
}

/**
 * The AI policies' own parts, checked without routes: used when other
 * manifests have errors (so there is no IR), so that a policy's refused
 * patterns are reported in the same run. Each policy is put on a probe route
 * with a neutral backend part.
 */
export function checkPolicies(policies: AIPolicy[], secrets: Secret[], validate: PluginConfigValidator): Diagnostic[] {
  const calls = httpCalls(() => undefined);
  return policies.flatMap((policy) => {
    const probe: RoutePolicy = { provider: "openai", auth: { mode: "passthrough" }, ...aiPolicyPart(policy, secrets, calls) };
    const sources = { backend: fieldRef(policy.meta, policy.ai.field), policy: fieldRef(policy.meta, policy.ai.field) };
    return refusalsOf("probe", probe, sources, validate);
  });
}

type Sources = ForwardToLLM["sources"];

function refusalsOf(name: string, original: RoutePolicy, sources: Sources | undefined, validate: PluginConfigValidator): Diagnostic[] {
  const found: Diagnostic[] = [];
  const policy = structuredClone(original);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const refusal = validate(JSON.stringify({ routes: { [name]: policy } }));
    if (refusal === undefined) break;
    const parsed = REFUSAL.exec(refusal);
    const path = parsed ? parsed[2] : "";
    const detail = parsed ? parsed[3] : refusal;
    const unknown = UNKNOWN_FIELD.exec(detail);
    const reason = unknown
      ? `is not supported yet: the Weir filter does not implement it (it takes ${unknown[1]} here)`
      : `${detail} (refused by the Weir filter)`;
    if (sources) found.push({ ...manifestField(sources, policy, path), reason });
    if (!takeOut(policy, path, unknown !== null)) break;
  }
  return found;
}

const UNKNOWN_FIELD = /^unknown field \(this filter knows: (.*)\)$/;

/** Takes the refused part out so the next round finds the next error; false when it cannot be. */
function takeOut(policy: RoutePolicy, path: string, unknownField: boolean): boolean {
  const steps = [...path.matchAll(/\.(\w+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  const last = steps.pop();
  let parent: unknown = policy;
  for (const step of steps) parent = (parent as Record<string | number, unknown> | undefined)?.[step];
  if (typeof parent !== "object" || parent === null || last === undefined) return false;
  const holder = parent as Record<string | number, unknown>;
  if (unknownField && last in holder) {
    delete holder[last];
    return true;
  }
  if (last === "pattern" && typeof holder.pattern === "string" && holder.pattern !== HARMLESS_PATTERN) {
    holder.pattern = HARMLESS_PATTERN;
    return true;
  }
  return false;
}

// Contract fields back to manifest fields. The AI policy's parts keep the
// manifest's shape and indices (route-policy.ts), so their paths carry over,
// but for the few fields the controller resolves (webhook and moderation targets).
const FROM_AI_POLICY = /^\.(promptGuard|promptEnrichment|defaults)\b/;
const RESOLVED_FIELDS: [RegExp, string][] = [
  [/\.webhook\.forwardHeaders/, ".webhook.forwardHeaderMatches"],
  [/\.webhook\.(cluster|authority|timeoutMs|failureMode)\b.*/, ".webhook.endpoint"],
  [/\.moderation\.key\b.*/, ".moderation.openAIModeration.authToken"],
  [/\.moderation\.(model)\b/, ".moderation.openAIModeration.model"],
  [/\.moderation\.(cluster|authority|timeoutMs|failureMode)\b.*/, ".moderation.openAIModeration"],
];

function manifestField({ backend, policy: aiPolicy }: Sources, policy: RoutePolicy, path: string) {
  if (FROM_AI_POLICY.test(path) && aiPolicy) {
    const field = RESOLVED_FIELDS.reduce((p, [pattern, manifest]) => p.replace(pattern, manifest), path);
    return at(aiPolicy, `${aiPolicy.field}${field}`);
  }
  const provider = `${backend.field}.provider`;
  const [, head, rest] = /^\.(\w+)(.*)$/.exec(path) ?? [];
  switch (head) {
    case "provider":
      return at(backend, provider);
    case "auth":
      return at(backend, `${provider}.${policy.provider}.authToken${rest.startsWith(".key") ? "" : rest}`);
    case "model":
      return at(backend, `${provider}.${policy.provider}.model`);
    case "anthropicVersion":
      return at(backend, `${provider}.${policy.provider}.apiVersion`);
    default:
      return at(backend, backend.field);
  }
}

function at(ref: { object: string; source: Diagnostic["source"] }, field: string) {
  return { source: ref.source, object: ref.object, field };
}
