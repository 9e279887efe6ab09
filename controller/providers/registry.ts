// Every provider, by the key that selects it under spec.llm.provider.
import type { ProviderKind } from "../ir/plugin-config.ts";
import type { LLMProvider } from "./provider.ts";
import { anthropic } from "./anthropic.ts";
import { azureopenai } from "./azureopenai.ts";
import { gemini } from "./gemini.ts";
import { openai } from "./openai.ts";
import { vertexai } from "./vertexai.ts";

export const PROVIDERS: { readonly [K in ProviderKind]: LLMProvider } = {
  anthropic,
  azureopenai,
  gemini,
  openai,
  vertexai,
};

export function isProviderKind(key: string): key is ProviderKind {
  return Object.hasOwn(PROVIDERS, key);
}
