// The backend's pinned model replaces whatever model the client asked for
// (as kgateway does), for providers that carry the model in the body.
// Gemini and Vertex AI carry it in the path, which Envoy's route rewrites.

import { JsonValue } from "../json/value";
import { Edit } from "../json/edit";
import { jsonQuote } from "../json/string";
import { utf8 } from "../json/bytes";

/** The edit that makes `root.model` equal `model`, or null when it already does. */
export function modelEdit(root: JsonValue, model: string): Edit | null {
  const current = root.get("model");
  if (current !== null) {
    if (current.isString() && current.stringValue == model) return null;
    return new Edit(current.start, current.end, utf8(jsonQuote(model)));
  }
  // Insert as the first member, right after "{".
  let member = '"model":' + jsonQuote(model);
  if (root.keys.length > 0) member += ",";
  return new Edit(root.start + 1, root.start + 1, utf8(member));
}
