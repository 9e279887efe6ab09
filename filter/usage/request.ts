// OpenAI-style streams report token usage only when the request asks for it
// (`stream_options.include_usage`). For a streamed request that does not,
// Weir asks on the client's behalf, reads the usage-only chunk on the way
// back and drops it (and the `"usage":null` members that come with it), so
// the client sees the stream it asked for. The request pipeline calls this
// from its body edits (request/pipeline.ts).

import { RoutePolicy } from "../config/policy";
import { JsonKind, JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { utf8 } from "../json/bytes";

/** Whether requests on this route may need `stream_options.include_usage` added. */
export function asksForStreamUsage(policy: RoutePolicy): bool {
  return policy.provider.streamUsageOption;
}

/**
 * Adds `stream_options.include_usage: true` to a streamed request that lacks
 * it. Returns true when Weir added it (the response must then drop the usage
 * the client did not ask for); false when the request does not stream or the
 * client asked for usage itself.
 */
export function askForStreamUsage(root: JsonValue, editor: BodyEditor): bool {
  const stream = root.get("stream");
  if (stream === null || stream.kind != JsonKind.Bool || !stream.boolValue) return false;
  const options = root.get("stream_options");
  if (options === null) {
    editor.addMember(root, "stream_options", '{"include_usage":true}');
    return true;
  }
  if (options.kind == JsonKind.Null) {
    editor.replace(options, utf8('{"include_usage":true}'));
    return true;
  }
  // Anything else is the provider's to refuse.
  if (!options.isObject()) return false;
  const include = options.get("include_usage");
  if (include === null) {
    editor.addMember(options, "include_usage", "true");
    return true;
  }
  if (include.kind == JsonKind.Bool && include.boolValue) return false;
  if (include.kind != JsonKind.Bool && include.kind != JsonKind.Null) return false;
  editor.replace(include, utf8("true"));
  return true;
}
