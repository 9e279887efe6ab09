// OpenAI moderation (POST /v1/moderations): every prompt text is one input;
// the request is flagged when any result is.

import { TextField } from "../providers/text-fields";
import { parseJson } from "../json/parse";
import { jsonQuote } from "../json/string";
import { JsonValue } from "../json/value";

export function moderationRequestBody(fields: Array<TextField>, model: string): string {
  const inputs = new Array<string>(0);
  for (let i = 0; i < fields.length; i++) inputs.push(jsonQuote(fields[i].text));
  return '{"model":' + jsonQuote(model) + ',"input":[' + inputs.join(",") + "]}";
}

export class ModerationVerdict {
  flagged: bool = false;
  /** Non-empty when the call failed or the reply was unreadable. */
  error: string = "";
}

export function readModeration(status: i32, body: Uint8Array): ModerationVerdict {
  const verdict = new ModerationVerdict();
  if (status != 200) {
    verdict.error = "moderation answered HTTP " + status.toString();
    return verdict;
  }
  const parsed = parseJson(body);
  let results: JsonValue | null = null;
  if (parsed.ok() && parsed.value!.isObject()) results = parsed.value!.get("results");
  if (results === null || !results.isArray()) {
    verdict.error = "moderation reply has no results";
    return verdict;
  }
  for (let i = 0; i < results.items.length; i++) {
    const flagged = results.items[i].get("flagged");
    if (flagged !== null && flagged.boolValue) verdict.flagged = true;
  }
  return verdict;
}
