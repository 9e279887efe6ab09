// The backend's pinned model replaces whatever model the client asked for
// (as kgateway does), for providers that carry the model in the body.
// Gemini and Vertex AI carry it in the path, which Envoy's route rewrites.

import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { jsonQuote } from "../json/string";
import { utf8 } from "../json/bytes";

export function pinModel(root: JsonValue, model: string, editor: BodyEditor): void {
  const current = root.get("model");
  if (current === null) {
    editor.addMember(root, "model", jsonQuote(model));
  } else if (!current.isString() || current.stringValue != model) {
    editor.replace(current, utf8(jsonQuote(model)));
  }
}
