import { Provider, openAIErrorBody } from "./provider";

/** OpenAI and OpenAI-compatible servers: `Authorization: Bearer K`. */
export class OpenAI extends Provider {
  constructor() { super("openai", "authorization", "Bearer "); }

  errorBody(status: i32, kind: string, message: string): string {
    return openAIErrorBody(kind, message);
  }
}
