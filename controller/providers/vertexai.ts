import type { LLMProvider } from "./provider.ts";
import { urlSegment } from "./field-checks.ts";

type VertexAISettings = {
  model: string;
  projectId: string;
  location: string;
  apiVersion?: string;
  publisher?: string;
  /** The method after "models/<model>:", e.g. rawPredict for a partner model. Default per route type. */
  modelPath?: string;
};

export const vertexai: LLMProvider<VertexAISettings> = {
  kind: "vertexai",
  fields: {
    model: { required: true, check: urlSegment },
    projectId: { required: true, check: urlSegment },
    location: { required: true, check: urlSegment },
    apiVersion: { required: false, check: urlSegment },
    publisher: { required: false, check: urlSegment },
    modelPath: { required: false, check: urlSegment },
  },
  // The "global" location is served without a regional host prefix.
  host: (s) => (s.location === "global" ? "aiplatform.googleapis.com" : `${s.location}-aiplatform.googleapis.com`),
  // Publisher path segments are lower case (google, anthropic); enum-style
  // spellings such as GOOGLE are accepted.
  path: (s, routeType) =>
    `/${s.apiVersion ?? "v1"}/projects/${s.projectId}/locations/${s.location}` +
    `/publishers/${(s.publisher ?? "google").toLowerCase()}/models/${s.model}:` +
    (s.modelPath ?? (routeType === "CHAT_STREAMING" ? "streamGenerateContent?alt=sse" : "generateContent")),
  authHeader: { name: "authorization", prefix: "Bearer " },
  policy: (s) => ({ model: s.model }),
};
