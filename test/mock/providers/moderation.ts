// OpenAI Moderation: POST /v1/moderations, `Authorization: Bearer K`.
//
// Request:  {"input": string | string[] | [{"type":"text","text"} | {"type":"image_url",...}], "model"?: string}
// Response: {"id":"modr-mock…","model": <request model or "omni-moderation-latest">,
//            "results":[{"flagged", "categories":{<category>: bool}, "category_scores":{<category>: number},
//                        "category_applied_input_types":{<category>: ["text"]}}]}
// One result per string of a string array; one result for a single string or a multimodal part list.
// An input is flagged (as "violence", score 0.97) when it contains MockOptions.moderationTrigger
// (default "kill", case-insensitive); otherwise every category is false with score 0.0001.
import type { ProviderFormat } from "../types.ts";
import { bearerToken, openaiErrorBody } from "./openai.ts";

const CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
];
const FLAGGED_CATEGORY = "violence";

export const moderation: ProviderFormat = {
  name: "moderation",
  queue: "moderation",
  match: (method, url) => (method === "POST" && url.pathname === "/v1/moderations" ? {} : undefined),
  credential: bearerToken,
  authMessage: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  errorBody: openaiErrorBody,
  validate: ({ json }) => (json.input === undefined ? { status: 400, message: "Missing required parameter: 'input'." } : undefined),
  respond(call) {
    const trigger = (call.options.moderationTrigger ?? "kill").toLowerCase();
    const results = inputTexts(call.json.input).map((text) => result(text.toLowerCase().includes(trigger)));
    return {
      status: 200,
      json: { id: call.newId("modr-mock"), model: call.json.model ?? "omni-moderation-latest", results },
    };
  },
};

/** The texts that each get their own result. */
function inputTexts(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [""];
  if (input.every((item) => typeof item === "string")) return input as string[];
  // A multimodal part list is one input.
  return [input.filter((p) => p?.type === "text" && typeof p.text === "string").map((p) => p.text).join(" ")];
}

function result(flagged: boolean) {
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const name of CATEGORIES) {
    const hit = flagged && name === FLAGGED_CATEGORY;
    categories[name] = hit;
    scores[name] = hit ? 0.97 : 0.0001;
    applied[name] = ["text"];
  }
  return { flagged, categories, category_scores: scores, category_applied_input_types: applied };
}
