// The validated, typed view of the manifests: what validate hands to the IR
// stage. Everything here has passed its checks, defaults are applied, and every
// reference it holds resolves.
import type { SourceLocation } from "../diagnostics.ts";
import type { ProviderKind } from "../ir/plugin-config.ts";
import type { ProviderSettings } from "../providers/provider.ts";

export type Kind = "Secret" | "Gateway" | "HTTPRoute" | "LLMBackend";

export interface ObjectMeta {
  kind: Kind;
  namespace: string;
  name: string;
  source: SourceLocation;
}

export interface Secret {
  meta: ObjectMeta;
  /** Keys to decoded values; `stringData` already merged over `data`, as the API server does. */
  data: Readonly<Record<string, string>>;
}

export interface Gateway {
  meta: ObjectMeta;
  listeners: GatewayListener[];
}

export interface GatewayListener {
  name: string;
  port: number;
  hostname?: string;
}

export interface HTTPRoute {
  meta: ObjectMeta;
  parentRefs: ParentRef[];
  hostnames: string[];
  rules: RouteRule[];
}

/** A Gateway in the route's namespace, optionally narrowed to one listener. */
export interface ParentRef {
  name: string;
  sectionName?: string;
  port?: number;
}

export interface RouteRule {
  matches: PathMatch[];
  /** Name of an LLMBackend in the route's namespace; absent when the rule has no backendRefs. */
  backend?: string;
}

export interface PathMatch {
  type: "PathPrefix" | "Exact";
  value: string;
}

export interface LLMBackend {
  meta: ObjectMeta;
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
  /** A Secret in the backend's namespace holding key "Authorization"; resolved by the IR stage. */
  | { kind: "SecretRef"; secretName: string }
  | { kind: "Passthrough" };

/** Validated objects, each list sorted by namespace then name. */
export interface Resources {
  secrets: Secret[];
  gateways: Gateway[];
  httpRoutes: HTTPRoute[];
  backends: LLMBackend[];
}

export function describeObject(meta: Pick<ObjectMeta, "kind" | "namespace" | "name">): string {
  return `${meta.kind} ${meta.namespace}/${meta.name}`;
}

export function findObject<T extends { meta: ObjectMeta }>(list: T[], namespace: string, name: string): T | undefined {
  return list.find((o) => o.meta.namespace === namespace && o.meta.name === name);
}
