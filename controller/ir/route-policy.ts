// The filter's policy for one route: the backend's part (provider, key, model:
// endpoint.ts) and the AI policy's part (kgateway spec.ai), resolved into the
// contract (plugin-config.ts). Everything spec.ai says is carried: what the
// filter cannot do yet, its own parser refuses at render (filter-check/),
// naming the manifest field, so nothing is silently dropped.
import type { AIPolicy, AISpec, LLMBackend, RegexSpec, Secret } from "../validate/resources.ts";
import { hasPoolPolicies } from "./clusters.ts";
import { endpointPolicy } from "./endpoint.ts";
import type { HttpCalls } from "./http-calls.ts";
import type { PoolPolicy, PromptGuard, RegexGuard, RoutePolicy } from "./plugin-config.ts";

export function routePolicy(backend: LLMBackend, secrets: Secret[], calls: HttpCalls, aiPolicy?: AIPolicy): RoutePolicy {
  const namespace = backend.meta.namespace;
  const policy = { ...endpointPolicy(backend.priorities[0][0], namespace, secrets), ...pools(backend, secrets) };
  return aiPolicy ? { ...policy, ...aiPolicyPart(aiPolicy, secrets, calls) } : policy;
}

/** The AI policy's part of a route policy: guards, enrichment, defaults. */
export function aiPolicyPart(aiPolicy: AIPolicy, secrets: Secret[], calls: HttpCalls): Partial<RoutePolicy> {
  const ai = aiPolicy.ai;
  const promptGuard = contractPromptGuard(ai, aiPolicy.meta.namespace, secrets, calls);
  return {
    ...(promptGuard ? { promptGuard } : {}),
    ...(ai.promptEnrichment ? { promptEnrichment: enrichment(ai.promptEnrichment) } : {}),
    ...(ai.defaults ? { defaults: ai.defaults } : {}),
  };
}

// One policy per priority tier (validation made a tier's endpoints agree):
// the upstream filter instance presents the tier's own key and model on each
// attempt. The Host is left to Envoy, which sends each endpoint its own.
function pools(backend: LLMBackend, secrets: Secret[]): { pools?: PoolPolicy[] } {
  if (!hasPoolPolicies(backend)) return {};
  return {
    pools: backend.priorities.map((tier) => {
      const { auth, model } = endpointPolicy(tier[0], backend.meta.namespace, secrets);
      return model === undefined ? { auth } : { auth, model };
    }),
  };
}

function contractPromptGuard(ai: AISpec, namespace: string, secrets: Secret[], calls: HttpCalls): PromptGuard | undefined {
  const { request, response } = ai.promptGuard ?? {};
  const guard: PromptGuard = {};
  if (request && Object.keys(request).length > 0) {
    guard.request = {
      ...(request.webhook ? { webhook: calls.webhook(request.webhook) } : {}),
      ...(request.regex ? { regex: regexGuard(request.regex, true) } : {}),
      ...(request.moderation ? { moderation: calls.moderation(request.moderation, namespace, secrets) } : {}),
      ...(request.customResponse ? { customResponse: request.customResponse } : {}),
    };
  }
  if (response && Object.keys(response).length > 0) {
    guard.response = {
      ...(response.webhook ? { webhook: calls.webhook(response.webhook) } : {}),
      ...(response.regex ? { regex: regexGuard(response.regex, false) } : {}),
      ...(response.streamHoldBackBytes !== undefined ? { streamHoldBackBytes: response.streamHoldBackBytes } : {}),
      ...(response.streamOverflow ? { streamOverflow: response.streamOverflow } : {}),
    };
  }
  return guard.request || guard.response ? guard : undefined;
}

// Same order and indices as the manifest, so the filter's refusal of
// matches[i] points at the manifest's matches[i].
function regexGuard(regex: RegexSpec, withAction: boolean): RegexGuard {
  return {
    ...(withAction ? { action: regex.action } : {}),
    ...(regex.matches.length > 0 ? { matches: regex.matches } : {}),
    ...(regex.builtins.length > 0 ? { builtins: regex.builtins } : {}),
  };
}

function enrichment(e: NonNullable<AISpec["promptEnrichment"]>): NonNullable<RoutePolicy["promptEnrichment"]> {
  return { ...(e.prepend.length > 0 ? { prepend: e.prepend } : {}), ...(e.append.length > 0 ? { append: e.append } : {}) };
}
