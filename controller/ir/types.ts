// The intermediate representation: what Envoy should do, with every name,
// default, reference and secret resolved, and nothing Envoy-syntax-specific.
// Plain data, so golden tests compare it as JSON.
import type { FieldRef, HeaderModifier, RouteMatch } from "../validate/resources.ts";
import type { RoutePolicy } from "./plugin-config.ts";

export type { FieldRef, HeaderModifier, PathMatch, RouteMatch, ValueMatch } from "../validate/resources.ts";

export interface IR {
  /** Sorted by port. */
  listeners: Listener[];
  /** Only clusters some route uses; sorted by name. */
  clusters: Cluster[];
}

export interface Listener {
  /** "<namespace>/<gateway>/<listener>"; also the name of its route configuration. */
  name: string;
  port: number;
  /** Sorted by name. */
  virtualHosts: VirtualHost[];
}

export interface VirtualHost {
  /** "<listener name>/<hostname>". */
  name: string;
  /** One hostname, possibly a "*." wildcard, or "*" for any host. */
  domains: string[];
  /**
   * In precedence order, as Envoy takes the first route that matches: routes
   * attached on this hostname, then those attached on wildcards covering it,
   * then on any host; within each, Gateway API match precedence.
   */
  routes: Route[];
}

export interface Route {
  /**
   * Unique and stable across renders: "httproute/<ns>/<name>/rule/<i>/match/<j>",
   * plus "/backend/<k>" when the rule splits traffic between backends. The
   * filter finds the route's policy under this name (property xds.route_name).
   * A route attached to several listeners or hostnames keeps one name, so it
   * has one policy.
   */
  name: string;
  match: RouteMatch;
  /**
   * Weighted backendRefs: each backend gets a route of its own (its own name,
   * so its own policy, rewrite and cluster). Such a route matches only when the
   * request's random draw (0 ≤ r < 1,000,000, the same for every route of the
   * request) is below `upTo`; the rule's routes share out the draw by weight.
   * The last backend's route has no split and takes the rest.
   */
  split?: { upTo: number };
  action: RouteAction;
  requestHeaders?: HeaderModifier;
  responseHeaders?: HeaderModifier;
}

export type RouteAction = ForwardToLLM | ForwardToService | NoBackend;

/** How the upstream path is made from the client's. */
export type PathRewrite =
  /** The whole path replaced (an LLM provider's path, or URLRewrite ReplaceFullPath). */
  | { type: "ReplaceFullPath"; value: string }
  /** The matched PathPrefix replaced, the rest of the client's path kept (URLRewrite ReplacePrefixMatch). */
  | { type: "ReplacePrefixMatch"; prefix: string; value: string };

export interface ForwardToLLM {
  type: "ForwardToLLM";
  cluster: string;
  /**
   * Host header sent upstream: a fixed value, or "endpoint" when the cluster's
   * endpoints have hosts of their own (multipool) and each gets its own Host.
   */
  host: { rewrite: string } | "endpoint";
  path: PathRewrite;
  /** The provider's query parameters (decoded), set on every request, replacing a client's value. */
  query: { key: string; value: string }[];
  /** Whether the provider answers streams on a path of its own (kgateway routeType). */
  routeType: "CHAT" | "CHAT_STREAMING";
  /** The filter's policy: the contract in plugin-config.ts. */
  policy: RoutePolicy;
  /** Where the policy came from, so the filter's refusals can be reported on the manifests. */
  sources: { backend: FieldRef; policy?: FieldRef };
  /** Retry on another endpoint (multipool): the next priority takes over when one fails. */
  failover?: { retries: number };
}

/** A plain HTTP backend (a core Service): no policy, the filter passes it through. */
export interface ForwardToService {
  type: "ForwardToService";
  cluster: string;
  /** URLRewrite hostname; absent keeps the client's Host, as the Gateway API says. */
  hostRewrite?: string;
  path?: PathRewrite;
}

/** A rule without (weighted) backendRefs: the Gateway API answers 500. The filter has no policy for it. */
export interface NoBackend {
  type: "NoBackend";
}

export interface Cluster {
  /** "llmbackend|backend|upstream/<namespace>/<name>", "service/<namespace>/<name>/<port>", "webhook/<host>/<port>"… */
  name: string;
  /** Priority tiers, priority 0 first; most clusters have one tier of one endpoint. */
  priorities: Endpoint[][];
  /**
   * A multipool whose tiers have policies of their own (RoutePolicy.pools, by
   * priority): the filter also runs on the cluster, once per attempt, and
   * presents the policy of the tier Envoy picked.
   */
  perAttemptPolicy?: boolean;
}

export interface Endpoint {
  host: string;
  port: number;
  /** TLS with SNI and certificate validation against `host`; plain HTTP otherwise (local servers, mocks). */
  tls: boolean;
  /** The Host header this endpoint expects (multipool routes send each endpoint its own). */
  hostHeader: string;
}
