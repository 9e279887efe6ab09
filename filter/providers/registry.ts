// The providers the filter knows, by the name the plugin config uses.

import { Provider } from "./provider";
import { OpenAI } from "./openai";
import { AzureOpenAI } from "./azureopenai";
import { Anthropic } from "./anthropic";
import { Gemini } from "./gemini";
import { VertexAI } from "./vertexai";

const PROVIDERS: Array<Provider> = [
  new OpenAI(), new AzureOpenAI(), new Anthropic(), new Gemini(), new VertexAI(),
];

export function providerByName(name: string): Provider | null {
  for (let i = 0; i < PROVIDERS.length; i++) {
    if (PROVIDERS[i].name == name) return PROVIDERS[i];
  }
  return null;
}

export function providerNames(): string {
  const names = new Array<string>(0);
  for (let i = 0; i < PROVIDERS.length; i++) names.push(PROVIDERS[i].name);
  return names.join(", ");
}
