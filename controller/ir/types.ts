// The intermediate representation: what Envoy should do, with every name,
// default, reference and secret resolved, and nothing Envoy-syntax-specific.
// Plain data, so golden tests compare it as JSON.
import type { RoutePolicy } from "./plugin-config.ts";

export interface IR {
  /** Sorted by port. */
  listeners: Listener[];
  /** Only backends some route uses; sorted by name. */
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
   * Unique and stable across renders: "httproute/<ns>/<name>/rule/<i>/match/<j>".
   * The filter finds the route's policy under this name (property xds.route_name).
   * A route attached to several listeners or hostnames keeps one name, so it
   * has one policy.
   */
  name: string;
  match: PathMatch;
  action: RouteAction;
}

export interface PathMatch {
  type: "PathPrefix" | "Exact";
  value: string;
}

export type RouteAction = ForwardToLLM | NoBackend;

export interface ForwardToLLM {
  type: "ForwardToLLM";
  cluster: string;
  /** Host header sent upstream. */
  hostRewrite: string;
  /** The whole upstream path, query included (provider path or pathOverride). */
  pathRewrite: string;
  policy: RoutePolicy;
}

/** A rule without backendRefs: the Gateway API answers 500. The filter has no policy for it. */
export interface NoBackend {
  type: "NoBackend";
}

export interface Cluster {
  /** "llmbackend/<namespace>/<name>". */
  name: string;
  host: string;
  port: number;
  /** TLS with SNI and certificate validation against `host`; plain HTTP otherwise (local mocks). */
  tls: boolean;
}
