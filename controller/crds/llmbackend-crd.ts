// LLMBackend: one LLM provider endpoint (spec.llm) or tiers of them
// (spec.multipool), in kgateway's Backend spec.ai shape.
import { crd } from "./crd.ts";
import { llmSchema, multipoolSchema } from "./llm-schema.ts";
import { object } from "./schema.ts";

export function llmBackendCrd(): object {
  const spec = object(
    "Where an HTTPRoute's requests go: an LLM provider's API. Set exactly one of llm and multipool.",
    { llm: llmSchema("One LLM provider endpoint."), multipool: multipoolSchema() },
    { rules: [{ rule: "has(self.llm) != has(self.multipool)", message: "set exactly one of llm or multipool" }] },
  );
  return crd(
    { kind: "LLMBackend", plural: "llmbackends", singular: "llmbackend", shortNames: ["llmb"] },
    "LLMBackend is an LLM provider an HTTPRoute forwards to through Weir, with the key Weir presents to it. " +
      "HTTPRoutes reference it with group weir.dev, kind LLMBackend.",
    spec,
  );
}
