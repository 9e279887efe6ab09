// The validated, typed view of the manifests: what validate hands to the IR
// stage. Everything here has passed its checks, defaults are applied, and every
// reference it holds resolves.
import type { SourceLocation } from "../diagnostics.ts";
import type { BuiltinPattern, ProviderKind } from "../ir/plugin-config.ts";
import type { ProviderSettings, RouteType } from "../providers/provider.ts";

export type { RouteType };

export type Kind =
  | "Secret"
  | "Service"
  | "Gateway"
  | "HTTPRoute"
  | "LLMBackend"
  | "AIPolicy"
  // kgateway's AI API: Backend (type AI) and TrafficPolicy (spec.ai), and the
  // proposal-era Upstream (spec.ai) and RoutePolicy (spec.ai).
  | "Backend"
  | "Upstream"
  | "TrafficPolicy"
  | "RoutePolicy";

/** The kinds that define an LLM backend, all read into one LLMBackend. */
export const LLM_BACKEND_KINDS = ["LLMBackend", "Backend", "Upstream"] as const;
export type LLMBackendKind = (typeof LLM_BACKEND_KINDS)[number];

/** The kinds that carry an AI policy for HTTPRoutes, all read into one AIPolicy. */
export const AI_POLICY_KINDS = ["AIPolicy", "TrafficPolicy", "RoutePolicy"] as const;

export interface ObjectMeta {
  kind: Kind;
  namespace: string;
  name: string;
  source: SourceLocation;
}

/** A field of a manifest object: what a diagnostic about it names. */
export interface FieldRef {
  /** "Kind namespace/name". */
  object: string;
  source: SourceLocation;
  /** Dotted path inside the object, e.g. "spec.ai.promptGuard". */
  field: string;
}

export interface Secret {
  meta: ObjectMeta;
  /** Keys to decoded values; `stringData` already merged over `data`, as the API server does. */
  data: Readonly<Record<string, string>>;
}

/** A core Service a route may forward to as plain HTTP. */
export interface Service {
  meta: ObjectMeta;
  /** `spec.externalName` of an ExternalName Service: the host requests go to. */
  externalName?: string;
  /** Declared ports; empty when the Service declares none (ExternalName). */
  ports: number[];
}

export interface Gateway {
  meta: ObjectMeta;
  listeners: GatewayListener[];
}

export interface GatewayListener {
  name: string;
  port: number;
  hostname?: string;
  /** Which namespaces' routes may attach: the Gateway's own (Gateway API default) or all. */
  routeNamespaces: "Same" | "All";
}

export interface HTTPRoute {
  meta: ObjectMeta;
  parentRefs: ParentRef[];
  hostnames: string[];
  rules: RouteRule[];
}

/** A Gateway, optionally narrowed to one listener. */
export interface ParentRef {
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface RouteRule {
  /** Where the rule sits in its route, e.g. "spec.rules[2]". */
  field: string;
  matches: RouteMatch[];
  filters: RouteFilters;
  /** Backends with a weight above 0; empty when the rule forwards nowhere (the Gateway API answers 500). */
  backends: BackendRef[];
}

export interface RouteMatch {
  path: PathMatch;
  method?: string;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
}

export interface PathMatch {
  type: "PathPrefix" | "Exact" | "RegularExpression";
  value: string;
}

export interface ValueMatch {
  type: "Exact" | "RegularExpression";
  /** Header names are lower-cased (they are case-insensitive); query parameter names are kept. */
  name: string;
  value: string;
}

export interface HeaderModifier {
  set: { name: string; value: string }[];
  add: { name: string; value: string }[];
  remove: string[];
}

export interface RouteFilters {
  requestHeaders?: HeaderModifier;
  responseHeaders?: HeaderModifier;
  urlRewrite?: URLRewrite;
}

export interface URLRewrite {
  hostname?: string;
  path?: { type: "ReplaceFullPath"; value: string } | { type: "ReplacePrefixMatch"; value: string };
}

export type BackendRef = LLMBackendRef | ServiceRef;

export interface LLMBackendRef {
  type: "LLM";
  /** Position in the rule's backendRefs (names the route of a weighted split). */
  index: number;
  kind: LLMBackendKind;
  namespace: string;
  name: string;
  weight: number;
  /** Per-backend filters (the Gateway API allows header modifiers here). */
  requestHeaders?: HeaderModifier;
  field: string;
}

export interface ServiceRef {
  type: "Service";
  index: number;
  namespace: string;
  name: string;
  port: number;
  weight: number;
  requestHeaders?: HeaderModifier;
  field: string;
}

/**
 * LLMBackend, kgateway Backend (type AI) and Upstream, read into one shape:
 * priority tiers of LLM endpoints. A backend with one `llm` has one tier of one.
 */
export interface LLMBackend {
  meta: ObjectMeta;
  /** Priority 0 first. Every endpoint has the same provider kind. */
  priorities: LLMEndpoint[][];
  /** Whether it was declared as a multipool (one Envoy cluster with priority-tiered endpoints). */
  multipool: boolean;
}

/** One LLM provider endpoint: kgateway's LLMProvider (provider plus overrides). */
export interface LLMEndpoint {
  /** Where it sits in its object, e.g. "spec.llm" or "spec.multipool.priorities[1].pool[0]". */
  field: string;
  provider: ProviderKind;
  settings: ProviderSettings;
  authToken: AuthToken;
  hostOverride?: { host: string; port: number };
  /** Replaces the provider's path, query included. */
  pathOverride?: string;
  authHeaderOverride?: { headerName?: string; prefix?: string };
}

export type AuthToken =
  | { kind: "Inline"; value: string }
  /** A Secret in the object's namespace holding key "Authorization"; resolved by the IR stage. */
  | { kind: "SecretRef"; secretName: string }
  | { kind: "Passthrough" };

/** AIPolicy, kgateway TrafficPolicy and RoutePolicy (spec.ai), read into one shape. */
export interface AIPolicy {
  meta: ObjectMeta;
  /** HTTPRoutes in the policy's namespace it applies to (every rule of each); `field` is the targetRef's. */
  targets: { name: string; field: string }[];
  ai: AISpec;
}

/** kgateway's `spec.ai`. `field` of each part is its path inside the policy object. */
export interface AISpec {
  /** "spec.ai" (every kind keeps it there). */
  field: string;
  routeType: RouteType;
  promptGuard?: PromptGuardSpec;
  promptEnrichment?: { prepend: EnrichmentMessage[]; append: EnrichmentMessage[] };
  defaults?: FieldDefault[];
}

export interface EnrichmentMessage {
  role: string;
  content: string;
}

export interface FieldDefault {
  field: string;
  /** kgateway carries the value as text; JSON text is parsed, anything else is a string. */
  value: unknown;
  override: boolean;
}

export interface RegexSpec {
  action: "MASK" | "REJECT";
  matches: { pattern: string; name?: string }[];
  builtins: BuiltinPattern[];
}

export interface WebhookSpec {
  host: string;
  port: number;
  forwardHeaderMatches: ValueMatch[];
}

export interface ModerationSpec {
  /** openAIModeration: the OpenAI moderation endpoint, with its own key. */
  model?: string;
  authToken: AuthToken;
}

export interface PromptGuardSpec {
  request?: {
    regex?: RegexSpec;
    webhook?: WebhookSpec;
    moderation?: ModerationSpec;
    customResponse?: { message?: string; statusCode?: number };
  };
  response?: {
    regex?: RegexSpec;
    webhook?: WebhookSpec;
    /** Weir's extension (AIPolicy only): see plugin-config.ts. */
    streamHoldBackBytes?: number;
    streamOverflow?: "mask" | "error";
  };
}

/** Validated objects, each list sorted by namespace then name. */
export interface Resources {
  secrets: Secret[];
  services: Service[];
  gateways: Gateway[];
  httpRoutes: HTTPRoute[];
  backends: LLMBackend[];
  policies: AIPolicy[];
}

export function describeObject(meta: Pick<ObjectMeta, "kind" | "namespace" | "name">): string {
  return `${meta.kind} ${meta.namespace}/${meta.name}`;
}

export function fieldRef(meta: ObjectMeta, field: string): FieldRef {
  return { object: describeObject(meta), source: meta.source, field };
}

export function findObject<T extends { meta: ObjectMeta }>(list: T[], namespace: string, name: string): T | undefined {
  return list.find((o) => o.meta.namespace === namespace && o.meta.name === name);
}

/** Finds an LLM backend of one of the three kinds. */
export function findBackend(list: LLMBackend[], kind: LLMBackendKind, namespace: string, name: string): LLMBackend | undefined {
  return list.find((o) => o.meta.kind === kind && o.meta.namespace === namespace && o.meta.name === name);
}
