// The IR stage: validated Resources in, IR out. Pure; assumes validation
// passed (every reference resolves), so a failed lookup here is a bug.
import { compareStrings } from "../diagnostics.ts";
import { attachments } from "../gateway-api/attachment.ts";
import { compareHostnameSpecificity, servesHostname } from "../gateway-api/hostnames.ts";
import { describeObject, findObject, type Gateway, type GatewayListener, type HTTPRoute, type Resources, type RouteRule } from "../validate/resources.ts";
import { comparePrecedence, type RankedMatch } from "./route-order.ts";
import { routePolicy } from "./route-policy.ts";
import type { Cluster, IR, Listener, Route, RouteAction } from "./types.ts";
import { upstreamFor, type HostPort } from "./upstream.ts";

export interface IROptions {
  /** Sends every backend to this host:port instead (local demos and tests against a mock provider). */
  backendHostOverride?: HostPort;
}

export function buildIR(resources: Resources, options: IROptions = {}): IR {
  const clusters = new Map<string, Cluster>();
  const actionFor = (route: HTTPRoute, rule: RouteRule): RouteAction => {
    if (rule.backend === undefined) return { type: "NoBackend" };
    const backend = findObject(resources.backends, route.meta.namespace, rule.backend);
    if (!backend) throw new Error(`internal: ${describeObject(route.meta)} references a missing LLMBackend`);
    const upstream = upstreamFor(backend, options.backendHostOverride);
    clusters.set(upstream.cluster.name, upstream.cluster);
    return {
      type: "ForwardToLLM",
      cluster: upstream.cluster.name,
      hostRewrite: upstream.hostRewrite,
      pathRewrite: upstream.pathRewrite,
      policy: routePolicy(backend, resources.secrets),
    };
  };

  const listeners = resources.gateways
    .flatMap((gateway) => gateway.listeners.map((listener) => buildListener(gateway, listener, resources.httpRoutes, actionFor)))
    .sort((a, b) => a.port - b.port);
  return {
    listeners,
    clusters: [...clusters.values()].sort((a, b) => compareStrings(a.name, b.name)),
  };
}

type RankedRoute = RankedMatch & { route: Route };

function buildListener(
  gateway: Gateway,
  listener: GatewayListener,
  httpRoutes: HTTPRoute[],
  actionFor: (route: HTTPRoute, rule: RouteRule) => RouteAction,
): Listener {
  const name = `${gateway.meta.namespace}/${gateway.meta.name}/${listener.name}`;
  // hostname → Envoy route name → route; keyed by name because a route may
  // reach the same listener through more than one parentRef.
  const attached = new Map<string, Map<string, RankedRoute>>();
  for (const route of httpRoutes) {
    if (route.meta.namespace !== gateway.meta.namespace) continue;
    const hostnames = route.parentRefs
      .filter((ref) => ref.name === gateway.meta.name)
      .flatMap((ref) => attachments(gateway, ref, route))
      .filter((a) => a.listener === listener)
      .flatMap((a) => a.hostnames);
    if (hostnames.length === 0) continue;
    const ranked = rankedRoutes(route, actionFor);
    for (const hostname of hostnames) {
      const routes = attached.get(hostname) ?? new Map<string, RankedRoute>();
      for (const r of ranked) routes.set(r.route.name, r);
      attached.set(hostname, routes);
    }
  }
  const virtualHosts = [...attached.keys()].sort(compareStrings).map((hostname) => ({
    name: `${name}/${hostname}`,
    domains: [hostname],
    routes: virtualHostRoutes(hostname, attached),
  }));
  return { name, port: listener.port, virtualHosts };
}

// Envoy picks one virtual host per request (the most specific domain), so a
// host's virtual host also carries the routes attached on wildcards covering
// it and on any host, after its own: they still serve what its own routes do
// not match.
function virtualHostRoutes(hostname: string, attached: Map<string, Map<string, RankedRoute>>): Route[] {
  const routes = new Map<string, Route>();
  const sources = [...attached.keys()].filter((h) => servesHostname(h, hostname)).sort(compareHostnameSpecificity);
  for (const source of sources) {
    for (const r of [...attached.get(source)!.values()].sort(comparePrecedence)) {
      if (!routes.has(r.route.name)) routes.set(r.route.name, r.route);
    }
  }
  return [...routes.values()];
}

function rankedRoutes(route: HTTPRoute, actionFor: (route: HTTPRoute, rule: RouteRule) => RouteAction): RankedRoute[] {
  const { namespace, name } = route.meta;
  return route.rules.flatMap((rule, i) => {
    const action = actionFor(route, rule);
    return rule.matches.map((match, j) => ({
      match,
      namespace,
      routeName: name,
      rule: i,
      matchIndex: j,
      route: { name: `httproute/${namespace}/${name}/rule/${i}/match/${j}`, match, action },
    }));
  });
}
