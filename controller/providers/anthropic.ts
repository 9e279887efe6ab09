import type { LLMProvider } from "./provider.ts";
import { printable, urlSegment } from "./field-checks.ts";

type AnthropicSettings = {
  /** Sent as the `anthropic-version` header when the client sends none. */
  apiVersion?: string;
  model?: string;
};

const DEFAULT_API_VERSION = "2023-06-01";

export const anthropic: LLMProvider<AnthropicSettings> = {
  kind: "anthropic",
  fields: {
    apiVersion: { required: false, check: urlSegment },
    model: { required: false, check: printable },
  },
  host: () => "api.anthropic.com",
  path: () => "/v1/messages",
  authHeader: { name: "x-api-key", prefix: "" },
  policy: (s) => ({ model: s.model, anthropicVersion: s.apiVersion ?? DEFAULT_API_VERSION }),
};
