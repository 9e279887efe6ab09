// promptGuard.request.regex: scan every prompt text of the body with the
// policy's patterns in one pass each; REJECT refuses the request, MASK rewrites
// only the matched string values (re-escaped as JSON).

import { RequestGuard, GuardAction } from "../config/policy";
import { Provider } from "../providers/provider";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { ByteSink, encodeJsonString } from "../json/string";
import { utf8 } from "../json/bytes";
import { maskText } from "../guard/builtins-mask";

export class PromptGuardResult {
  /** Matches found across all prompt texts. */
  matches: i32 = 0;
  /** True when the request must be refused (action REJECT and something matched). */
  reject: bool = false;
}

export function guardPrompt(guard: RequestGuard, provider: Provider, root: JsonValue, editor: BodyEditor): PromptGuardResult {
  const texts = new Array<JsonValue>(0);
  provider.promptTexts(root, texts);
  const result = new PromptGuardResult();
  for (let i = 0; i < texts.length; i++) {
    const node = texts[i];
    const masked = maskText(guard.patterns, utf8(node.stringValue));
    if (masked.total == 0) continue;
    result.matches += masked.total;
    if (guard.action == GuardAction.Reject) {
      result.reject = true;
      return result;
    }
    const sink = new ByteSink(masked.masked.length + 2);
    encodeJsonString(masked.masked, sink);
    editor.replace(node, sink.toBytes());
  }
  return result;
}
