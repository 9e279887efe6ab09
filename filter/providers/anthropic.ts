import { Provider } from "./provider";
import { jsonQuote } from "../json/string";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { EnrichmentMessage } from "../config/policy";
import { anthropicEnrich } from "./enrichment";
import { TextField, anthropicPromptTexts, anthropicResponseTexts } from "./text-fields";
import { ByteSink } from "../json/string";
import { StreamEventInfo } from "../streaming/event-info";
import { anthropicStreamEvent, anthropicTextEvent, anthropicUsage } from "../streaming/formats";
import { TokenUsage } from "../usage/usage";

/** Anthropic Messages API: `x-api-key: K` and a mandatory `anthropic-version`. */
export class Anthropic extends Provider {
  constructor() {
    super("anthropic", "x-api-key", "");
    this.versionHeader = "anthropic-version";
    this.streamTextEventName = "content_block_delta";
    this.streamErrorEventName = "error";
  }

  errorBody(status: i32, kind: string, message: string): string {
    return '{"type":"error","error":{"type":' + jsonQuote(kind) + ',"message":' + jsonQuote(message) + "}}";
  }

  promptTexts(root: JsonValue, out: Array<TextField>): void {
    anthropicPromptTexts(root, out);
  }

  responseTexts(root: JsonValue, out: Array<TextField>): void {
    anthropicResponseTexts(root, out);
  }

  enrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
    anthropicEnrich(root, prepend, append, editor);
  }

  streamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void { anthropicStreamEvent(src, root, info, usage); }

  streamTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
    anthropicTextEvent(channel, text, template, out);
  }

  responseUsage(src: Uint8Array, root: i32, usage: TokenUsage): void { anthropicUsage(src, root, usage); }
}

export const DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
