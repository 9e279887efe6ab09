import type { LLMProvider } from "./provider.ts";
import { hostname, urlSegment } from "./field-checks.ts";

type AzureOpenAISettings = {
  /** The resource's host, e.g. my-resource.openai.azure.com. */
  endpoint: string;
  deploymentName: string;
  apiVersion: string;
};

// Azure picks the model by deployment, so there is no model to pin in the body.
export const azureopenai: LLMProvider<AzureOpenAISettings> = {
  kind: "azureopenai",
  fields: {
    endpoint: { required: true, check: hostname },
    deploymentName: { required: true, check: urlSegment },
    apiVersion: { required: true, check: urlSegment },
  },
  host: (s) => s.endpoint,
  path: (s) => `/openai/deployments/${s.deploymentName}/chat/completions?api-version=${s.apiVersion}`,
  authHeader: { name: "api-key", prefix: "" },
  policy: () => ({}),
};
