import { GoogleFormat } from "./gemini";

/** Vertex AI: `Authorization: Bearer K` (an OAuth access token), Google's error shape. */
export class VertexAI extends GoogleFormat {
  constructor() { super("vertexai", "authorization", "Bearer "); }
}
