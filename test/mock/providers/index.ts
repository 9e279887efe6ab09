// Every provider format the mock speaks, in match order. A new provider is one file plus one line here.
import type { ProviderFormat } from "../types.ts";
import { openai } from "./openai.ts";
import { azure } from "./azure.ts";
import { anthropic } from "./anthropic.ts";
import { gemini } from "./gemini.ts";
import { vertex } from "./vertex.ts";
import { moderation } from "./moderation.ts";
import { webhook } from "./webhook.ts";

export const PROVIDERS: readonly ProviderFormat[] = [openai, azure, anthropic, gemini, vertex, moderation, webhook];
