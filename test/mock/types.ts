// Shared types of the mock LLM provider: what tests script, what the mock records,
// and the one interface every provider format implements (see providers/).

/** How the bytes of a reply are cut into `res.write` calls. */
export type Chunking =
  /** One write per SSE event (the whole body for a non-streaming reply). */
  | { kind: "events"; delayMs?: number }
  /**
   * Concatenate every event, then cut the bytes into writes of these sizes, cycling
   * through the list. Cuts fall mid-line, mid-JSON and mid-UTF-8 character.
   */
  | { kind: "bytes"; sizes: number[]; delayMs?: number }
  /** `per` events (default 3) in each write, so one read holds several events. */
  | { kind: "coalesce"; per?: number; delayMs?: number };

/** A tool call the model "makes". `arguments` is JSON text (an object is stringified). */
export interface ToolCallReply {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** The scripted reply to one chat request (OpenAI, Azure, Anthropic, Gemini, Vertex). */
export interface MockReply {
  /** Reply text. Default: "echo: " + the last user message text (when no toolCalls either). */
  text?: string;
  toolCalls?: ToolCallReply[];
  /** Override the token counts (default: whitespace-separated words, see tokens.ts). */
  usage?: { input?: number; output?: number };
  /** Why generation ended; mapped to each provider's own value. Default "stop". */
  finish?: "stop" | "length";
  /** A status >= 400 (or an errorBody) makes this an error reply. */
  status?: number;
  /** Error body: a string is sent as-is, anything else as JSON. Default: the provider's error shape. */
  errorBody?: unknown;
  /** How the bytes are written; default MockOptions.chunking, else one write per event. */
  chunking?: Chunking;
  /** Destroy the connection after this many writes: an upstream reset mid-body. */
  abortAfterWrites?: number;
}

/** A verbatim reply for the moderation or webhook routes, bypassing their default logic. */
export interface RawReply {
  status?: number;
  /** A string is sent as-is, anything else as JSON. */
  body: unknown;
  /** Wait this long before answering (to test caller timeouts). */
  delayMs?: number;
}

export interface MockOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** When set, chat and moderation requests whose credential differs get 401 in the provider's shape. */
  requireKey?: string;
  /** Chunking for replies that do not set their own. */
  chunking?: Chunking;
  /** The reply used when nothing is queued (default: echo the prompt). */
  defaultReply?: MockReply;
  /** Moderation flags inputs containing this word, case-insensitive. Default "kill". */
  moderationTrigger?: string;
  /** Guardrail webhook default rules (see providers/webhook.ts). */
  webhook?: { rejectWord?: string; maskWord?: string };
  /** Called once per request when its status is known (the CLI logs from here). */
  onRequest?: (request: RecordedRequest, status: number) => void;
}

export interface RecordedRequest {
  method: string;
  /** Path including the query string, as received. */
  path: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body. */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Name of the provider format whose route matched, or undefined (404). */
  route?: string;
}

/** Which reply queue scripts a route. */
export type QueueName = "chat" | "moderation" | "webhook";

/** What a provider hands back: one JSON body, or a stream of already-framed events. */
export type ProviderResult =
  | { status: number; json: unknown }
  | { contentType: string; events: string[] };

/** A request whose route matched, with its path parameters. */
export interface MatchedRequest {
  params: Record<string, string>;
  url: URL;
  headers: Record<string, string>;
  /** The parsed JSON body (the server refuses non-JSON bodies before providers see them). */
  json: any;
}

/** Everything a provider needs to answer one matched request. */
export interface ProviderCall extends MatchedRequest {
  /** The scripted (or default) reply; only chat routes get one. */
  reply: MockReply;
  options: MockOptions;
  /** A fresh id with this prefix, unique within the mock (deterministic order). */
  newId(prefix: string): string;
}

/** One provider wire format. Adding a provider means adding one file implementing this. */
export interface ProviderFormat {
  readonly name: string;
  readonly queue: QueueName;
  /** Path parameters when this route matches, else undefined. */
  match(method: string, url: URL): Record<string, string> | undefined;
  /** The API key from wherever this provider carries it; absent for routes that take no key. */
  credential?(headers: Record<string, string>, url: URL): string | undefined;
  /** The message of this provider's 401. */
  readonly authMessage: string;
  /** This provider's error body for a status and message. */
  errorBody(status: number, message: string): unknown;
  /** A provider-specific refusal before any reply is consumed (e.g. a missing required header). */
  validate?(request: MatchedRequest): { status: number; message: string } | undefined;
  respond(call: ProviderCall): ProviderResult;
}
