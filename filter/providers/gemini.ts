import { Provider, googleErrorBody } from "./provider";

/** Gemini API: `x-goog-api-key: K`, Google's error shape. */
export class Gemini extends Provider {
  constructor() {
    super("gemini", "x-goog-api-key", "");
    this.modelInBody = false;
  }

  errorBody(status: i32, kind: string, message: string): string {
    return googleErrorBody(status, message);
  }
}
