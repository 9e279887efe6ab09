// Vertex AI (Gemini on Google Cloud):
// POST /{version}/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent
// (or :streamGenerateContent?alt=sse), `Authorization: Bearer K`. Bodies are Gemini's.
import type { ProviderFormat } from "../types.ts";
import { bearerToken } from "./openai.ts";
import { googleErrorBody, requireContents, respondGenerateContent } from "./gemini.ts";

const PATH =
  /^\/(v1[a-z0-9]*)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

export const vertex: ProviderFormat = {
  name: "vertex",
  queue: "chat",
  match(method, url) {
    const m = method === "POST" ? PATH.exec(url.pathname) : null;
    return m ? { version: m[1], project: m[2], location: m[3], model: m[4], method: m[5] } : undefined;
  },
  credential: bearerToken,
  authMessage:
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
  errorBody: googleErrorBody,
  validate: requireContents,
  respond: (call) => respondGenerateContent(call, call.params.model),
};
