import { Provider, googleErrorBody } from "./provider";

/** Vertex AI: `Authorization: Bearer K` (an OAuth access token), Google's error shape. */
export class VertexAI extends Provider {
  constructor() {
    super("vertexai", "authorization", "Bearer ");
    this.modelInBody = false;
  }

  errorBody(status: i32, kind: string, message: string): string {
    return googleErrorBody(status, message);
  }
}
