// What the filter knows about one LLM provider's wire format. One file per
// provider extends this; adding a provider touches that file and registry.ts.
// (Paths and hosts are the controller's business: Envoy's route rewrites them.)

import { jsonQuote } from "../json/string";
import { JsonValue } from "../json/value";
import { TextField } from "./text-fields";
import { BodyEditor } from "../json/editor";
import { EnrichmentMessage } from "../config/policy";
import { ByteSink } from "../json/string";
import { StreamEventInfo } from "../streaming/event-info";
import { TokenUsage } from "../usage/usage";

export abstract class Provider {
  /** The name used in plugin config and metrics, e.g. "openai". */
  name: string;
  /** Header the provider reads the API key from, lower-case. */
  authHeader: string;
  /** Text before the key in that header, e.g. "Bearer ". */
  authPrefix: string;
  /** A version header the provider requires (sent with the policy's version when the client sent none), or "". */
  versionHeader: string = "";
  /** Whether the request body names the model (Gemini and Vertex AI name it in the path). */
  modelInBody: bool = true;

  constructor(name: string, authHeader: string, authPrefix: string) {
    this.name = name;
    this.authHeader = authHeader;
    this.authPrefix = authPrefix;
  }

  /**
   * An error body in this provider's own shape, so client SDKs surface Weir's
   * refusals the same way they surface the provider's. `kind` is a short
   * machine-readable reason, e.g. "authentication_error".
   */
  abstract errorBody(status: i32, kind: string, message: string): string;

  /** Pushes the text fields of a request body that carry prompt text, with their roles. */
  abstract promptTexts(root: JsonValue, out: Array<TextField>): void;

  /** Pushes the text fields of a (non-streaming) response body that carry generated text. */
  abstract responseTexts(root: JsonValue, out: Array<TextField>): void;

  /** Adds the policy's enrichment messages in this provider's shape. */
  abstract enrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void;

  // ---- Streaming and usage (the formats live in streaming/formats.ts) ----

  /** `event:` name of the synthetic text event carrying held-back text ("" for data-only streams). */
  streamTextEventName: string = "";
  /** `event:` name of the error event that ends a stream early. */
  streamErrorEventName: string = "";
  /** Streams report usage only when the request asks (OpenAI's stream_options.include_usage). */
  streamUsageOption: bool = false;

  /** Reads one stream event's JSON payload `src` (checked JSON; its object starts at `root`): texts per channel, channel ends, usage. */
  streamEvent(src: Uint8Array, root: i32, info: StreamEventInfo, usage: TokenUsage): void {}

  /** Writes the payload of a synthetic event carrying `text` (a quoted JSON string) for `channel`; `template` is the last payload seen (ids to copy). */
  streamTextEvent(channel: i32, text: Uint8Array, template: Uint8Array | null, out: ByteSink): void {}

  /** Reads the usage of a whole (non-streaming) response body `src` (checked JSON; its value starts at `root`). */
  responseUsage(src: Uint8Array, root: i32, usage: TokenUsage): void {}
}

/** `{"error":{"message":…,"type":…,"param":null,"code":…}}`: OpenAI, Azure OpenAI and compatible servers. */
export function openAIErrorBody(kind: string, message: string): string {
  return '{"error":{"message":' + jsonQuote(message) + ',"type":' + jsonQuote(kind) +
    ',"param":null,"code":' + jsonQuote(kind) + "}}";
}

/** `{"error":{"code":…,"message":…,"status":…}}`: Google APIs (Gemini, Vertex AI). */
export function googleErrorBody(status: i32, message: string): string {
  return '{"error":{"code":' + status.toString() + ',"message":' + jsonQuote(message) +
    ',"status":' + jsonQuote(googleStatus(status)) + "}}";
}

function googleStatus(status: i32): string {
  if (status == 400) return "INVALID_ARGUMENT";
  if (status == 401) return "UNAUTHENTICATED";
  if (status == 403) return "PERMISSION_DENIED";
  if (status == 404) return "NOT_FOUND";
  if (status == 413) return "INVALID_ARGUMENT";
  if (status == 429) return "RESOURCE_EXHAUSTED";
  if (status >= 500) return "INTERNAL";
  return "FAILED_PRECONDITION";
}
