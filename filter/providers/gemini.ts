import { Provider, googleErrorBody } from "./provider";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { EnrichmentMessage } from "../config/policy";
import { googleEnrich } from "./enrichment";
import { TextField, googlePromptTexts, googleResponseTexts } from "./text-fields";
import { ByteSink } from "../json/string";
import { StreamEventInfo } from "../streaming/event-info";
import { googleStreamEvent, googleTextEvent, googleUsage } from "../streaming/formats";
import { TokenUsage } from "../usage/usage";

/** Google's generateContent wire format (Gemini API and Vertex AI): the model is in the path. */
export class GoogleFormat extends Provider {
  constructor(name: string, authHeader: string, authPrefix: string) {
    super(name, authHeader, authPrefix);
    this.modelInBody = false;
  }

  errorBody(status: i32, kind: string, message: string): string {
    return googleErrorBody(status, message);
  }

  promptTexts(root: JsonValue, out: Array<TextField>): void {
    googlePromptTexts(root, out);
  }

  responseTexts(root: JsonValue, out: Array<TextField>): void {
    googleResponseTexts(root, out);
  }

  enrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
    googleEnrich(root, prepend, append, editor);
  }

  streamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void { googleStreamEvent(src, root, info, usage); }

  streamTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {
    googleTextEvent(channel, text, template, out);
  }

  responseUsage(src: Uint8Array, root: i32, usage: TokenUsage): void { googleUsage(src, root, usage); }
}

/** Gemini API: `x-goog-api-key: K`, Google's error shape. */
export class Gemini extends GoogleFormat {
  constructor() { super("gemini", "x-goog-api-key", ""); }
}
