import { Provider, openAIErrorBody } from "./provider";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { EnrichmentMessage } from "../config/policy";
import { openAIEnrich } from "./enrichment";
import { TextField, openAIPromptTexts, openAIResponseTexts } from "./text-fields";
import { ByteSink } from "../json/string";
import { StreamEventInfo } from "../streaming/event-info";
import { openAIStreamEvent, openAITextEvent, openAIUsage } from "../streaming/formats";
import { TokenUsage } from "../usage/usage";

/** OpenAI's chat completions wire format, shared by OpenAI-compatible servers and Azure OpenAI. */
export class OpenAIFormat extends Provider {
  constructor(name: string, authHeader: string, authPrefix: string) {
    super(name, authHeader, authPrefix);
    this.streamUsageOption = true;
  }

  errorBody(status: i32, kind: string, message: string): string {
    return openAIErrorBody(kind, message);
  }

  promptTexts(root: JsonValue, out: Array<TextField>): void {
    openAIPromptTexts(root, out);
  }

  responseTexts(root: JsonValue, out: Array<TextField>): void {
    openAIResponseTexts(root, out);
  }

  enrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
    openAIEnrich(root, prepend, append, editor);
  }

  streamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void { openAIStreamEvent(src, root, info, usage); }

  streamTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
    openAITextEvent(channel, text, template, out);
  }

  responseUsage(src: Uint8Array, root: i32, usage: TokenUsage): void { openAIUsage(src, root, usage); }
}

/** OpenAI and OpenAI-compatible servers: `Authorization: Bearer K`. */
export class OpenAI extends OpenAIFormat {
  constructor() { super("openai", "authorization", "Bearer "); }
}
