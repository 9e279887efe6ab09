import type { LLMProvider } from "./provider.ts";
import { urlSegment } from "./field-checks.ts";

type GeminiSettings = {
  model: string;
  apiVersion?: string;
};

// The model is part of the path, not the body; it is still passed in the
// policy so the filter can report it (e.g. in usage). Streaming is a path of
// its own, answered as SSE only with alt=sse.
export const gemini: LLMProvider<GeminiSettings> = {
  kind: "gemini",
  fields: {
    model: { required: true, check: urlSegment },
    apiVersion: { required: false, check: urlSegment },
  },
  host: () => "generativelanguage.googleapis.com",
  path: (s, routeType) =>
    `/${s.apiVersion ?? "v1beta"}/models/${s.model}:` +
    (routeType === "CHAT_STREAMING" ? "streamGenerateContent?alt=sse" : "generateContent"),
  authHeader: { name: "x-goog-api-key", prefix: "" },
  policy: (s) => ({ model: s.model }),
};
