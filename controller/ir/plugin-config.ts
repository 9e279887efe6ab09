// The contract between the controller and the filter: the JSON Envoy hands the
// wasm filter as its plugin configuration (a google.protobuf.StringValue).
//
// Envoy's wasm filter has no per-route config (envoy#26440), so one plugin
// config carries a map from Envoy route name to the fully resolved policy for
// that route. The filter reads the `xds.route_name` property per request and
// looks the policy up here; a route that is absent passes through untouched.
//
// Everything is resolved by the controller: secrets are inlined, defaults are
// explicit where the filter would otherwise have to guess. The filter never
// templates or looks anything up beyond this document.

export type ProviderKind = "openai" | "azureopenai" | "anthropic" | "gemini" | "vertexai";

export interface PluginConfig {
  /** Envoy route name → policy. Route names are stable and unique per render. */
  routes: Record<string, RoutePolicy>;
}

export interface RoutePolicy {
  provider: ProviderKind;
  auth: AuthPolicy;
  /** Model the backend pins (replaces the body's model where the provider carries it in the body). */
  model?: string;
  /** Anthropic only: `anthropic-version` sent when the client sent none. Default "2023-06-01". */
  anthropicVersion?: string;
  /** Largest request body the filter buffers (bytes); larger → 413. Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /** kgateway's promptGuard, resolved. */
  promptGuard?: PromptGuard;
  /** kgateway's promptEnrichment: messages added before / after the client's, in the provider's shape. */
  promptEnrichment?: { prepend?: EnrichmentMessage[]; append?: EnrichmentMessage[] };
  /** kgateway's defaults, with `value` already decoded (JSON when it parses as JSON, else a string). */
  defaults?: { field: string; value: unknown; override?: boolean }[];
  /**
   * multipool failover: one entry per Envoy priority of the route's cluster,
   * in priority order. The cluster's endpoints carry metadata
   * `filter_metadata.weir.pool: "<index>"`; the filter instance running as an
   * upstream HTTP filter (root_id "weir-upstream", same configuration) reads
   * it per attempt and presents that pool's credentials, model and host.
   * The route-level `auth`/`model` are pool 0's.
   */
  pools?: PoolPolicy[];
}

export interface PoolPolicy {
  auth: AuthPolicy;
  model?: string;
  /** :authority for this pool's provider (the route's host_rewrite is pool 0's). */
  host?: string;
}

/** `role` is case-insensitive ("SYSTEM" in kgateway manifests); system goes where the provider keeps it. */
export interface EnrichmentMessage { role: string; content: string }

/**
 * A guardrail webhook (kgateway's Guardrail Webhook API): the filter POSTs
 * `/request` or `/response` to `cluster` (an Envoy cluster the controller
 * renders for `host:port`) with `authority` as :authority.
 */
export interface WebhookGuard {
  cluster: string;
  authority: string;
  /** Client request headers copied onto the webhook call (kgateway forwardHeaders). */
  forwardHeaders?: string[];
  /** Default 3000. */
  timeoutMs?: number;
  /** What a failed/timed-out webhook means: "closed" (default: refuse, 503) or "open" (carry on unguarded). */
  failureMode?: "closed" | "open";
}

/** OpenAI moderation (`POST /v1/moderations`) through `cluster`. */
export interface ModerationGuard {
  cluster: string;
  authority: string;
  /** The moderation API key (resolved from the policy's authToken). Never logged. */
  key: string;
  /** Default "omni-moderation-latest". */
  model?: string;
  timeoutMs?: number;
  failureMode?: "closed" | "open";
}

/** Shaped like kgateway's TrafficPolicy `spec.ai.promptGuard`. */
export interface PromptGuard {
  request?: {
    regex?: RegexGuard;
    /** Reply used when the request guard rejects. Default 403 and "The request was rejected due to inappropriate content". */
    customResponse?: { message?: string; statusCode?: number };
    /**
     * What a body that is not JSON meets while a request guard is active:
     * "reject" (default: fail closed, 400) or "pass" (forward unguarded).
     */
    invalidBody?: "reject" | "pass";
    /** Runs first (kgateway order: webhook → regex → moderation). */
    webhook?: WebhookGuard;
    moderation?: ModerationGuard;
  };
  response?: {
    /** Response regex guards always mask (`action` is ignored, as in kgateway). */
    regex?: RegexGuard;
    /** Runs before the regex. */
    webhook?: WebhookGuard;
    /**
     * Streamed answers (SSE) with a regex: the most text one channel may hold
     * back while a match may be under way, in bytes, 64..1048576. Default 4096.
     * A Weir extension (AIPolicy only), like streamOverflow.
     */
    streamHoldBackBytes?: number;
    /**
     * Past streamHoldBackBytes: "mask" (default) masks the held text as a
     * whole and goes on; "error" ends the stream with an error event. Held
     * text is never sent unscanned either way.
     */
    streamOverflow?: "mask" | "error";
  };
}

export type BuiltinPattern = "SSN" | "CREDIT_CARD" | "EMAIL" | "PHONE_NUMBER";

export interface RegexGuard {
  /** MASK replaces matches with tokens; REJECT refuses the request. Default MASK. */
  action?: "MASK" | "REJECT";
  /** Custom RE2-syntax patterns; `name` becomes the mask token `<NAME>`, else `<CUSTOM>`. */
  matches?: { pattern: string; name?: string }[];
  builtins?: BuiltinPattern[];
}

export interface AuthPolicy {
  /**
   * inline: the filter presents `key` to the provider (Inline and SecretRef tokens; the controller
   *         resolves secrets). Client-sent credential headers are always removed.
   * passthrough: the filter takes the client's `Authorization: Bearer K` (or the provider's own
   *         header) and presents K the way the provider expects; no key → 401 in the provider's error shape.
   */
  mode: "inline" | "passthrough";
  /** Present only for mode "inline". Never logged. */
  key?: string;
  /** Header the provider reads the key from; default per provider (kgateway authHeaderOverride.headerName). */
  header?: string;
  /** Prefix before the key; default per provider, e.g. "Bearer " (kgateway authHeaderOverride.prefix). */
  prefix?: string;
}
