// promptGuard.response.regex on a whole (non-streaming) response body: mask
// the generated text fields only; tool calls, ids and usage pass byte-intact.

import { ResponseGuard } from "../config/policy";
import { Provider } from "../providers/provider";
import { parseJson } from "../json/parse";
import { TextField } from "../providers/text-fields";
import { Edit, applyEdits } from "../json/edit";
import { ByteSink, encodeJsonString } from "../json/string";
import { utf8 } from "../json/bytes";
import { maskText } from "../guard/builtins-mask";

export class ResponseMaskResult {
  /** The rewritten body, or null when nothing changed. */
  body: Uint8Array | null = null;
  matches: i32 = 0;
  /** The body was not JSON: it was masked as plain text. */
  unparsed: bool = false;
}

export function maskResponseBody(guard: ResponseGuard, provider: Provider, body: Uint8Array): ResponseMaskResult {
  const result = new ResponseMaskResult();
  const parsed = parseJson(body);
  if (!parsed.ok()) {
    // No structure to keep (an error page, a truncated body): mask it as
    // plain text rather than let a match through.
    result.unparsed = true;
    const masked = maskText(guard.patterns!, body);
    result.matches = masked.total;
    if (masked.total > 0) result.body = masked.masked;
    return result;
  }
  const texts = new Array<TextField>(0);
  provider.responseTexts(parsed.value!, texts);
  const edits = new Array<Edit>(0);
  for (let i = 0; i < texts.length; i++) {
    const node = texts[i].node;
    const masked = maskText(guard.patterns!, utf8(node.stringValue));
    if (masked.total == 0) continue;
    result.matches += masked.total;
    const sink = new ByteSink(masked.masked.length + 2);
    encodeJsonString(masked.masked, sink);
    edits.push(new Edit(node.start, node.end, sink.toBytes()));
  }
  if (edits.length > 0) result.body = applyEdits(body, edits);
  return result;
}
