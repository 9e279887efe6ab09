// What the controller needs to know about an LLM provider's public API, in one
// interface so that adding a provider means writing one file (plus its line in
// registry.ts and its name in the plugin-config contract's ProviderKind).
import type { ProviderKind, RoutePolicy } from "../ir/plugin-config.ts";

/**
 * The API call a route makes: kgateway's `spec.ai.routeType`. It matters only
 * to providers that put streaming in the path: Gemini and Vertex AI answer a
 * stream on `:streamGenerateContent?alt=sse`. The others read `stream: true`
 * from the body and ignore it.
 */
export type RouteType = "CHAT" | "CHAT_STREAMING";

/**
 * Settings from `spec.llm.provider.<kind>` other than authToken, after
 * validation. Provider files declare theirs with `type`, not `interface`:
 * only aliases are assignable to this index-signature type.
 */
export type ProviderSettings = Readonly<Record<string, string | undefined>>;

export interface FieldRule {
  required: boolean;
  /** Returns why a value is unusable (e.g. it would break the URL it goes into); undefined when fine. */
  check?: (value: string) => string | undefined;
}

/**
 * Ties each settings field to a rule whose `required` matches the field's
 * optionality; for the untyped view (the registry) it is a plain map.
 */
export type FieldRules<S> = string extends keyof S
  ? Readonly<Record<string, FieldRule>>
  : { [K in keyof S]-?: undefined extends S[K] ? FieldRule & { required: false } : FieldRule & { required: true } };

export interface LLMProvider<S extends ProviderSettings = ProviderSettings> {
  kind: ProviderKind;
  fields: FieldRules<S>;
  /** Host requests go to unless the backend sets hostOverride (always port 443, TLS). */
  host(settings: S): string;
  /** Upstream path, query included, unless the backend sets pathOverride. */
  path(settings: S, routeType: RouteType): string;
  /** How the provider reads the key (kgateway's authHeaderOverride replaces either part). */
  authHeader: { name: string; prefix: string };
  /** The provider-specific part of the filter's route policy. */
  policy(settings: S): Pick<RoutePolicy, "model" | "anthropicVersion">;
}
