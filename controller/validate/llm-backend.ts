// The three kinds that define an LLM backend, read into one LLMBackend:
//   weir.dev LLMBackend:            spec.llm | spec.multipool
//   kgateway Backend (type AI):     spec.ai.llm | spec.ai.multipool
//   kgateway Upstream (proposal):   spec.ai.llm | spec.ai.multipool
// Field names inside follow kgateway's AI API, so its users feel at home.
import type { SecretLookup } from "./auth-token.ts";
import { child, readMapping, readOneOf, readString, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import { readLLMEndpoint } from "./llm-endpoint.ts";
import { readMultipool } from "./multipool.ts";
import type { LLMBackend, LLMEndpoint } from "./resources.ts";

export function validateLLMBackend(identified: IdentifiedObject, reportTo: Report, findSecret: SecretLookup): LLMBackend | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readMapping(identified.object.spec, ["llm", "multipool"], "spec", report);
  if (!spec) return undefined;
  const backend = readAIBackend(spec, "spec", identified, report, findSecret);
  return failed() ? undefined : backend;
}

/** kgateway Backend: only `type: AI` is rendered; other types are for other gateways' data planes. */
export function validateKgatewayBackend(identified: IdentifiedObject, reportTo: Report, findSecret: SecretLookup): LLMBackend | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readMapping(identified.object.spec, ["type", "ai"], "spec", report);
  if (!spec) return undefined;
  const type = readString(spec.type, "spec.type", report, identified.meta.kind === "Backend");
  if (type !== undefined && type !== "AI") report("spec.type", "must be AI (Weir renders only AI backends)");
  const ai = readMapping(spec.ai, ["llm", "multipool"], "spec.ai", report);
  if (!ai) return undefined;
  const backend = readAIBackend(ai, "spec.ai", identified, report, findSecret);
  return failed() ? undefined : backend;
}

function readAIBackend(
  holder: Record<string, unknown>,
  field: string,
  { meta }: IdentifiedObject,
  report: Report,
  findSecret: SecretLookup,
): LLMBackend | undefined {
  const choice = readOneOf(holder, ["llm", "multipool"], field, report);
  if (choice === "llm") {
    const endpoint = readLLMEndpoint(holder.llm, child(field, "llm"), report, findSecret);
    return endpoint && { meta, priorities: [[endpoint]], multipool: false };
  }
  if (choice === "multipool") {
    const priorities: LLMEndpoint[][] | undefined = readMultipool(holder.multipool, child(field, "multipool"), meta.namespace, report, findSecret);
    return priorities && { meta, priorities, multipool: true };
  }
  return undefined;
}
