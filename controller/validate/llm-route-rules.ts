// What a rule forwarding to an LLM backend may not ask for, because it would
// silently fight the gateway's own work on that route:
//  - URLRewrite hostname: the Host is the provider's (TLS name included); set
//    hostOverride on the backend instead.
//  - header modifiers touching the provider's auth header: Envoy applies them
//    after the filter, so they would replace or drop the key it presents.
// URLRewrite paths are honoured on LLM routes (unlike kgateway #11699, where
// they are silently ignored): see ir/upstream-rewrite.ts.
import { PROVIDERS } from "../providers/registry.ts";
import { child, type Report } from "./fields.ts";
import type { HeaderModifier, LLMBackend, LLMBackendRef, RouteRule } from "./resources.ts";

export function checkLLMRule(rule: RouteRule, report: Report, lookup: (ref: LLMBackendRef) => LLMBackend | "invalid" | undefined): void {
  const llmRefs = rule.backends.filter((b): b is LLMBackendRef => b.type === "LLM");
  if (llmRefs.length === 0) return;
  if (rule.filters.urlRewrite?.hostname !== undefined) {
    report(
      child(rule.field, "filters"),
      "a URLRewrite hostname cannot apply to a rule forwarding to an LLM backend: the Host (and TLS name) is the " +
        "provider's; set hostOverride on the backend instead",
    );
  }
  for (const ref of llmRefs) {
    const backend = lookup(ref);
    if (typeof backend !== "object") continue;
    const authHeaders = new Set(
      backend.priorities.flat().map((e) => (e.authHeaderOverride?.headerName ?? PROVIDERS[e.provider].authHeader.name).toLowerCase()),
    );
    const check = (modifier: HeaderModifier | undefined, field: string) => {
      const touched = [...(modifier?.set ?? []), ...(modifier?.add ?? [])].map((h) => h.name).concat(modifier?.remove ?? []);
      for (const name of touched.filter((n) => authHeaders.has(n))) {
        report(field, `must not change ${name}: it carries the key Weir presents to ${ref.kind} ${ref.name}`);
      }
    };
    check(rule.filters.requestHeaders, child(rule.field, "filters"));
    check(ref.requestHeaders, child(ref.field, "filters"));
  }
}
