// `weir crds`: the CustomResourceDefinitions of Weir's own kinds, as YAML.
// kgateway's kinds (Backend, TrafficPolicy…) come with kgateway's CRDs.
import { toYaml } from "../envoy/yaml.ts";
import { aiPolicyCrd } from "./aipolicy-crd.ts";
import { llmBackendCrd } from "./llmbackend-crd.ts";

export function crdObjects(): object[] {
  return [llmBackendCrd(), aiPolicyCrd()];
}

export function crdsYaml(): string {
  return crdObjects().map((o) => `---\n${toYaml(o)}`).join("");
}
