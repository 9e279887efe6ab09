// The kinds `weir run` watches, and where the API server serves them.
// Secrets are not here: only the ones backends reference are watched, each on
// its own (secret-watches.ts), so the controller never holds other Secrets.

export interface WatchedKind {
  group: string;
  version: string;
  kind: string;
  /** Resource name in API paths. */
  plural: string;
  /**
   * Watched only when the API server serves it: kgateway's kinds (their CRDs
   * may not be installed) and AIPolicy (a cluster may run an older Weir CRD set).
   */
  optional: boolean;
}

const GATEWAY_API = "gateway.networking.k8s.io";
const WEIR = "weir.dev";
const KGATEWAY = "gateway.kgateway.dev";

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { group: GATEWAY_API, version: "v1", kind: "Gateway", plural: "gateways", optional: false },
  { group: GATEWAY_API, version: "v1", kind: "HTTPRoute", plural: "httproutes", optional: false },
  { group: WEIR, version: "v1alpha1", kind: "LLMBackend", plural: "llmbackends", optional: false },
  { group: WEIR, version: "v1alpha1", kind: "AIPolicy", plural: "aipolicies", optional: true },
  // Routes may forward to plain Services; reading Services reveals nothing secret.
  { group: "", version: "v1", kind: "Service", plural: "services", optional: false },
  { group: KGATEWAY, version: "v1alpha1", kind: "Backend", plural: "backends", optional: true },
  { group: KGATEWAY, version: "v1alpha1", kind: "TrafficPolicy", plural: "trafficpolicies", optional: true },
  // kgateway's proposal-era names for the same two things.
  { group: KGATEWAY, version: "v1alpha1", kind: "Upstream", plural: "upstreams", optional: true },
  { group: KGATEWAY, version: "v1alpha1", kind: "RoutePolicy", plural: "routepolicies", optional: true },
];

export function apiVersionOf(kind: Pick<WatchedKind, "group" | "version">): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** Collection path across all namespaces, e.g. /apis/weir.dev/v1alpha1/llmbackends. */
export function collectionPath(kind: WatchedKind): string {
  return `${groupVersionPath(kind)}/${kind.plural}`;
}

/** Path of one object, e.g. /apis/weir.dev/v1alpha1/namespaces/ns/llmbackends/name. */
export function objectPath(kind: WatchedKind, namespace: string, name: string): string {
  return `${groupVersionPath(kind)}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}/${encodeURIComponent(name)}`;
}

export function groupVersionPath(kind: Pick<WatchedKind, "group" | "version">): string {
  return kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
}

export function findWatchedKind(apiVersion: string, kind: string): WatchedKind | undefined {
  return WATCHED_KINDS.find((k) => k.kind === kind && apiVersionOf(k) === apiVersion);
}
