// Azure OpenAI: POST /openai/deployments/{deployment}/chat/completions?api-version=V, `api-key: K`.
// Bodies are OpenAI's; the model is the deployment unless the body names one.
import type { ProviderFormat } from "../types.ts";
import { openaiErrorBody, requireMessages, respondChatCompletion } from "./openai.ts";

const PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

export const azure: ProviderFormat = {
  name: "azure",
  queue: "chat",
  match(method, url) {
    const m = method === "POST" ? PATH.exec(url.pathname) : null;
    return m ? { deployment: decodeURIComponent(m[1]) } : undefined;
  },
  credential: (headers) => headers["api-key"],
  authMessage:
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  // Azure's own front door answers 401 as {"error":{"code":"401","message"}}; the model service behind it speaks OpenAI's shape.
  errorBody: (status, message) => (status === 401 ? { error: { code: "401", message } } : openaiErrorBody(status, message)),
  validate: (request) =>
    request.url.searchParams.get("api-version") ? requireMessages(request)
    : { status: 400, message: "Missing required query parameter: api-version" },
  respond: (call) => respondChatCompletion(call, typeof call.json.model === "string" ? call.json.model : call.params.deployment),
};
