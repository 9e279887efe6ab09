// The backend's pinned model replaces whatever model the client asked for
// (as kgateway does), for providers that carry the model in the body.
// Gemini and Vertex AI carry it in the path, which Envoy's route rewrites.

import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { jsonQuote } from "../json/string";
import { utf8 } from "../json/bytes";

// The quoted model of the last pin, kept: a route pins the same model on every request.
let lastModel = "";
let lastQuoted = "";
let lastQuotedBytes = new Uint8Array(0);

export function pinModel(root: JsonValue, model: string, editor: BodyEditor): void {
  if (model != lastModel || lastQuoted.length == 0) {
    const quoted = jsonQuote(model);
    lastQuoted = quoted;
    lastQuotedBytes = utf8(quoted);
    lastModel = model;
  }
  const current = root.get("model");
  if (current === null) {
    editor.addMember(root, "model", lastQuoted);
  } else if (!current.stringIs(model)) {
    editor.replace(current, lastQuotedBytes);
  }
}
