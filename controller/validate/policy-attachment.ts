// Which AI policy applies to which HTTPRoute. A policy applies to every rule
// of each route it targets. A route has at most one AI policy: two would each
// configure the same guards and enrichment, and silently picking one (or
// merging them) would hide the other's intent, so both are named instead.
import { describeObject, type AIPolicy, type HTTPRoute, type ObjectMeta } from "./resources.ts";
import type { Report } from "./fields.ts";

export function checkPolicyAttachments(
  policies: Pick<AIPolicy, "meta" | "targets">[],
  routes: HTTPRoute[],
  routeExists: (namespace: string, name: string) => boolean,
  reporterFor: (meta: ObjectMeta) => Report,
): void {
  const owners = new Map<string, Pick<AIPolicy, "meta">>();
  const routeByKey = new Map(routes.map((r) => [`${r.meta.namespace}/${r.meta.name}`, r]));
  for (const policy of policies) {
    const report = reporterFor(policy.meta);
    const seen = new Set<string>();
    for (const { name, field } of policy.targets) {
      const namespace = policy.meta.namespace;
      if (seen.has(name)) {
        report(field, `targets HTTPRoute ${name} a second time`);
        continue;
      }
      seen.add(name);
      if (!routeExists(namespace, name)) {
        report(`${field}.name`, `HTTPRoute ${name} is not found in the policy's namespace`);
        continue;
      }
      const key = `${namespace}/${name}`;
      const owner = owners.get(key);
      if (owner) {
        report(field, `HTTPRoute ${name} already has an AI policy, ${describeObject(owner.meta)}: a route takes one AI policy`);
        continue;
      }
      owners.set(key, policy);
      const route = routeByKey.get(key);
      if (route && !route.rules.some((rule) => rule.backends.some((b) => b.type === "LLM"))) {
        report(field, `HTTPRoute ${name} forwards to no LLM backend, so an AI policy has nothing to apply to`);
      }
    }
  }
}
