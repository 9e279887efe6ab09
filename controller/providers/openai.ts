import type { LLMProvider } from "./provider.ts";
import { printable } from "./field-checks.ts";

type OpenAISettings = {
  model?: string;
};

export const openai: LLMProvider<OpenAISettings> = {
  kind: "openai",
  fields: { model: { required: false, check: printable } },
  host: () => "api.openai.com",
  path: () => "/v1/chat/completions",
  authHeader: { name: "authorization", prefix: "Bearer " },
  policy: (s) => ({ model: s.model }),
};
