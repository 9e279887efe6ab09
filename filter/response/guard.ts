// promptGuard.response.regex on a whole (non-streaming) response body: mask
// the generated text fields only; tool calls, ids and usage pass byte-intact.
// A body that is a JSON array of responses (Gemini's streamGenerateContent
// without alt=sse) is masked as the stream it is: text split across elements
// is scanned as one text per candidate, so no match escapes at an element
// boundary. The same parse yields the response's token usage.

import { ResponseGuard } from "../config/policy";
import { Provider } from "../providers/provider";
import { parseJson } from "../json/parse";
import { JsonValue } from "../json/value";
import { TextField } from "../providers/text-fields";
import { Edit, applyEdits } from "../json/edit";
import { ByteSink, encodeJsonString } from "../json/string";
import { utf8 } from "../json/bytes";
import { maskText } from "../guard/builtins-mask";
import { PatternSet } from "../guard/regex/pattern-set";
import { StreamEventInfo } from "../streaming/event-info";
import { ChannelMasker, maskLabels } from "../streaming/channel";
import { TokenUsage } from "../usage/usage";

export class ResponseMaskResult {
  /** The rewritten body, or null when nothing changed. */
  body: Uint8Array | null = null;
  matches: i32 = 0;
  /** The body was not JSON: it was masked as plain text. */
  unparsed: bool = false;
}

/**
 * `webhookTexts`, when given, are the response webhook's masked texts, one per
 * text field in order: they replace the provider's before the regex runs.
 */
export function maskResponseBody(guard: ResponseGuard, provider: Provider, body: Uint8Array, usage: TokenUsage | null = null,
  webhookTexts: Array<string> | null = null): ResponseMaskResult {
  const result = new ResponseMaskResult();
  const patterns = guard.patterns;
  const parsed = parseJson(body, true);
  if (!parsed.ok()) {
    if (patterns === null) return result;
    // No structure to keep (an error page, a truncated body): mask it as
    // plain text rather than let a match through.
    result.unparsed = true;
    const masked = maskText(patterns, body);
    result.matches = masked.total;
    if (masked.total > 0) result.body = masked.masked;
    return result;
  }
  const root = parsed.value!;
  if (usage !== null) provider.responseUsage(root.src, root.start, usage);
  const edits = new Array<Edit>(0);
  if (root.isArray()) {
    if (patterns !== null) result.matches = maskStreamedArray(patterns, provider, root, edits);
  } else {
    const texts = new Array<TextField>(0);
    provider.responseTexts(root, texts);
    for (let i = 0; i < texts.length; i++) {
      const field = texts[i];
      if (webhookTexts !== null && i < webhookTexts.length) field.replaceText(webhookTexts[i]);
      let text = field.bytes();
      if (patterns !== null) {
        const masked = maskText(patterns, text);
        result.matches += masked.total;
        if (masked.total > 0) {
          text = masked.masked;
          field.changed = true;
        }
      }
      if (!field.changed) continue;
      const sink = new ByteSink(text.length + 2);
      encodeJsonString(text, sink);
      edits.push(new Edit(field.node.start, field.node.end, sink.toBytes()));
    }
  }
  if (edits.length > 0) result.body = applyEdits(body, edits);
  return result;
}

/**
 * Each element is one streamed response: its texts are fed per channel in
 * order, each rewritten to what it settles, and a channel's last text also
 * takes everything still held. Returns the matches masked.
 */
function maskStreamedArray(patterns: PatternSet, provider: Provider, root: JsonValue, edits: Array<Edit>): i32 {
  // One info for every element: their texts add up, in order.
  const texts = new StreamEventInfo();
  const ignored = new TokenUsage();
  const src = root.src;
  for (let i = 0; i < root.items.length; i++) {
    const element = root.items[i];
    if (element.isObject()) provider.streamEvent(src, element.start, texts, ignored);
  }
  const labels = maskLabels(patterns);
  const ids = new Array<i32>(0);
  const maskers = new Array<ChannelMasker>(0);
  let matches = 0;
  for (let i = 0; i < texts.textCount; i++) {
    const channel = texts.textChannel(i);
    let at = ids.indexOf(channel);
    if (at < 0) {
      ids.push(channel);
      maskers.push(new ChannelMasker(patterns, labels));
      at = ids.length - 1;
    }
    const masker = maskers[at];
    const text = texts.textBytes(i, src);
    const out = new ByteSink(text.length + 16);
    masker.feed(text, out);
    if (!texts.laterTextFor(i)) {
      masker.finish(out);
      matches += masker.masked;
    }
    if (out.length == text.length && memory.compare(out.buf.dataStart, text.dataStart, <usize>text.length) == 0) continue;
    const quoted = new ByteSink(out.length + 2);
    encodeJsonString(out.toBytes(), quoted);
    edits.push(new Edit(texts.textStart(i), texts.textEnd(i), quoted.toBytes()));
  }
  return matches;
}
