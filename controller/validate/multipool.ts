// kgateway's multipool: `priorities[].pool[]` (1–20 each) of LLM endpoints of
// one provider type, rendered as one Envoy cluster with priority-tiered
// endpoints (priority 0 serves; the next tier takes over when it fails).
//
// What may differ between endpoints follows what Envoy and the filter can do
// per attempt:
//  - host and port: always (each endpoint gets its own Host and TLS name);
//  - key, auth header and model: between tiers, not within one (the filter
//    running on the cluster presents the policy of the tier Envoy picked:
//    RoutePolicy.pools, one per priority);
//  - the upstream path (and so, for Gemini and Vertex AI, the model, and for
//    Azure, the deployment) and other provider settings: never yet, since the
//    route rewrites the path before the endpoint is picked.
// Anything else is refused here, naming the endpoint, never sent wrong.
import { endpointPolicy, endpointTarget } from "../ir/endpoint.ts";
import type { SecretLookup } from "./auth-token.ts";
import { child, readBoundedList, readMapping, tracked, type Report } from "./fields.ts";
import { readLLMEndpoint } from "./llm-endpoint.ts";
import type { LLMEndpoint, Secret } from "./resources.ts";

const MAX_ITEMS = 20;

export function readMultipool(
  value: unknown,
  field: string,
  namespace: string,
  reportTo: Report,
  findSecret: SecretLookup,
): LLMEndpoint[][] | undefined {
  const { report, failed } = tracked(reportTo);
  const multipool = readMapping(value, ["priorities"], field, report);
  if (!multipool) return undefined;
  const prioritiesField = child(field, "priorities");
  const priorities = readBoundedList(multipool.priorities, prioritiesField, report, 1, MAX_ITEMS).map((item, i) => {
    const tierField = child(prioritiesField, i);
    const tier = readMapping(item, ["pool"], tierField, report);
    if (!tier) return [];
    const poolField = child(tierField, "pool");
    return readBoundedList(tier.pool, poolField, report, 1, MAX_ITEMS).flatMap(
      (entry, j) => readLLMEndpoint(entry, child(poolField, j), report, findSecret) ?? [],
    );
  });
  // Compared even when some endpoints have errors of their own, so one run reports every problem.
  const readable = priorities.filter((tier) => tier.length > 0);
  if (readable.length > 0) checkConsistent(readable, namespace, report, findSecret);
  return failed() ? undefined : priorities;
}

function checkConsistent(priorities: LLMEndpoint[][], namespace: string, report: Report, findSecret: SecretLookup): void {
  const endpoints = priorities.flat();
  const secrets = endpoints.flatMap((e) => {
    const found = e.authToken.kind === "SecretRef" ? findSecret(e.authToken.secretName) : undefined;
    return typeof found === "object" ? [found] : ([] as Secret[]);
  });
  const facts = (e: LLMEndpoint) => {
    const policy = endpointPolicy(e, namespace, secrets);
    return {
      shared: {
        "upstream path": [endpointTarget(e, "CHAT").url, endpointTarget(e, "CHAT_STREAMING").url],
        "provider settings": [policy.anthropicVersion],
      },
      perTier: { key: [policy.auth.mode, policy.auth.key], "auth header": [policy.auth.header, policy.auth.prefix], model: [policy.model] },
    };
  };
  const differing = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  const name = (e: LLMEndpoint) => e.field.slice(e.field.indexOf("priorities"));
  const first = endpoints[0];
  const expected = facts(first);
  for (const tier of priorities) {
    const tierFirst = facts(tier[0]);
    for (const endpoint of tier) {
      if (endpoint.provider !== first.provider) {
        report(child(endpoint.field, "provider"), `must be ${first.provider}, the provider of ${name(first)}: one multipool has one provider type`);
        continue;
      }
      const actual = facts(endpoint);
      const shared = differing(actual.shared, expected.shared);
      if (shared.length > 0) {
        report(endpoint.field, `differs from ${name(first)} in its ${shared.join(", ")}: the endpoints of a multipool share the route's path (not supported yet)`);
      }
      const perTier = differing(actual.perTier, tierFirst.perTier);
      if (perTier.length > 0) {
        report(endpoint.field, `differs from ${name(tier[0])} in its ${perTier.join(", ")}: endpoints of one priority share one key and model (put it in a priority of its own)`);
      }
    }
  }
}
