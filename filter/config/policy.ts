// The typed form of the plugin configuration (controller/ir/plugin-config.ts is
// the JSON contract). Parsed once in onConfigure; request paths only read it.

import { Provider } from "../providers/provider";
import { PatternSet } from "../guard/regex/pattern-set";
import { RouteMetrics } from "../usage/route-metrics";

export enum AuthMode { Inline, Passthrough }

export class AuthPolicy {
  mode: AuthMode = AuthMode.Inline;
  /** The provider key for Inline; empty for Passthrough. Never logged. */
  key: string = "";
  /** Lower-case header name the key is presented in. */
  header: string = "";
  /** Text before the key, e.g. "Bearer ". */
  prefix: string = "";
  private inlineValue: string | null = null;

  /** prefix + key for Inline, built once. */
  inlineHeaderValue(): string {
    const cached = this.inlineValue;
    if (cached !== null) return cached;
    const value = this.prefix + this.key;
    this.inlineValue = value;
    return value;
  }
}

/** A message promptEnrichment adds; `role` is lower-case. */
export class EnrichmentMessage {
  role: string;
  content: string;
  /** Its OpenAI chat message JSON, built on first use (providers/enrichment.ts). */
  chatJson: string = "";
  constructor(role: string, content: string) { this.role = role; this.content = content; }
}

/** One of kgateway's `defaults`: `rawValue` is JSON text. */
export class DefaultField {
  path: Array<string>;
  rawValue: string;
  override: bool;
  constructor(path: Array<string>, rawValue: string, override: bool) { this.path = path; this.rawValue = rawValue; this.override = override; }
}

export enum GuardAction { Mask, Reject }

export const DEFAULT_REJECT_MESSAGE = "The request was rejected due to inappropriate content";

/** An http_call guard: a kgateway guardrail webhook or OpenAI moderation. */
export class CallGuard {
  /** Envoy cluster the controller rendered for the service. */
  cluster: string = "";
  authority: string = "";
  timeoutMs: u32 = 3000;
  /** Carry on unguarded when the call fails (else refuse with 503). */
  failOpen: bool = false;
}

export class WebhookGuard extends CallGuard {
  /** Client request headers copied onto the call, lower-case. */
  forwardHeaders: Array<string> = new Array<string>(0);
}

export class ModerationGuard extends CallGuard {
  /** The moderation API key. Never logged. */
  key: string = "";
  model: string = "omni-moderation-latest";
}

/** promptGuard.request: webhook, then regex (MASK or REJECT), then moderation. */
export class RequestGuard {
  patterns: PatternSet | null = null;
  webhook: WebhookGuard | null = null;
  moderation: ModerationGuard | null = null;
  action: GuardAction = GuardAction.Mask;
  /** kgateway answered 200 by accident; a refusal is a 403 unless the policy says otherwise. */
  rejectStatus: i32 = 403;
  rejectMessage: string = DEFAULT_REJECT_MESSAGE;
  /** Forward bodies that are not JSON unguarded instead of refusing them (fail open). */
  passInvalidBody: bool = false;
}

/** promptGuard.response: webhook (non-streaming responses), then regex, always MASK. */
export class ResponseGuard {
  patterns: PatternSet | null = null;
  webhook: WebhookGuard | null = null;
  /**
   * Streams (filter/streaming/): most text one channel may hold back while a
   * match may be under way (streamHoldBackBytes). Past it the held text is
   * masked as a whole, or with streamOverflow "error" the stream ends with an
   * error event. Never leaked.
   */
  holdBackBytes: i32 = DEFAULT_STREAM_HOLD_BACK_BYTES;
  overflowError: bool = false;
}

export const DEFAULT_STREAM_HOLD_BACK_BYTES: i32 = 4096;

export const DEFAULT_MAX_REQUEST_BODY_BYTES: i32 = 1 << 20;

/** One multipool failover pool: what an upstream attempt to it presents. */
export class PoolPolicy {
  auth: AuthPolicy;
  model: string = "";
  /** :authority for this pool's provider, or "" to keep the route's. */
  host: string = "";

  constructor(auth: AuthPolicy) { this.auth = auth; }
}

export class RoutePolicy {
  routeName: string;
  provider: Provider;
  auth: AuthPolicy;
  model: string = "";
  /** Value for the provider's version header (Anthropic's `anthropic-version`). */
  apiVersion: string = "";
  /** Largest request body the filter buffers; larger requests get 413, never a partial scan. */
  maxRequestBodyBytes: i32 = DEFAULT_MAX_REQUEST_BODY_BYTES;
  requestGuard: RequestGuard | null = null;
  prepend: Array<EnrichmentMessage> = new Array<EnrichmentMessage>(0);
  append: Array<EnrichmentMessage> = new Array<EnrichmentMessage>(0);
  defaults: Array<DefaultField> = new Array<DefaultField>(0);
  /** multipool: per-priority credentials and model, applied by the upstream filter. */
  pools: Array<PoolPolicy> = new Array<PoolPolicy>(0);
  responseGuard: ResponseGuard | null = null;
  /** The counters this route reports to, found once (usage/report.ts); the one part of a policy requests change. */
  readonly metrics: RouteMetrics;

  constructor(routeName: string, provider: Provider, auth: AuthPolicy) {
    this.routeName = routeName;
    this.provider = provider;
    this.auth = auth;
    this.metrics = new RouteMetrics(routeName, provider.name);
  }
}

export class PluginConfig {
  routes: Map<string, RoutePolicy> = new Map<string, RoutePolicy>();

  policyFor(routeName: string): RoutePolicy | null {
    if (!this.routes.has(routeName)) return null;
    return this.routes.get(routeName);
  }
}
