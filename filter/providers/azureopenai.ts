import { Provider, openAIErrorBody } from "./provider";

/** Azure OpenAI: `api-key: K`, OpenAI's bodies and error shape. */
export class AzureOpenAI extends Provider {
  constructor() { super("azureopenai", "api-key", ""); }

  errorBody(status: i32, kind: string, message: string): string {
    return openAIErrorBody(kind, message);
  }
}
