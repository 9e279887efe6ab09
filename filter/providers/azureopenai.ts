import { OpenAIFormat } from "./openai";

/** Azure OpenAI: `api-key: K`, OpenAI's bodies and error shape. */
export class AzureOpenAI extends OpenAIFormat {
  constructor() { super("azureopenai", "api-key", ""); }
}
