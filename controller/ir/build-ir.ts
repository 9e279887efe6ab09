// The IR stage: validated Resources in, IR out. Pure; assumes validation
// passed (every reference resolves), so a failed lookup here is a bug.
import { compareStrings } from "../diagnostics.ts";
import { attachments } from "../gateway-api/attachment.ts";
import { compareHostnameSpecificity, servesHostname } from "../gateway-api/hostnames.ts";
import {
  describeObject,
  fieldRef,
  findBackend,
  findObject,
  type AIPolicy,
  type BackendRef,
  type Gateway,
  type GatewayListener,
  type HeaderModifier,
  type HTTPRoute,
  type LLMBackendRef,
  type Resources,
  type RouteMatch,
  type RouteRule,
  type ServiceRef,
} from "../validate/resources.ts";
import { llmCluster, serviceCluster } from "./clusters.ts";
import { endpointTarget, type HostPort } from "./endpoint.ts";
import { httpCalls, type HttpCalls } from "./http-calls.ts";
import { comparePrecedence, type RankedMatch } from "./route-order.ts";
import { routePolicy } from "./route-policy.ts";
import type { Cluster, ForwardToLLM, ForwardToService, IR, Listener, Route, RouteAction } from "./types.ts";
import { pathRewrite, splitUrl } from "./upstream-rewrite.ts";
import { splitThresholds } from "./weighted-split.ts";

export interface IROptions {
  /** Sends every backend to this host:port instead (local demos and tests against a mock provider). */
  backendHostOverride?: HostPort;
}

type RankedRoute = RankedMatch & { route: Route };

export function buildIR(resources: Resources, options: IROptions = {}): IR {
  const clusters = new Map<string, Cluster>();
  const register = (cluster: Cluster) => clusters.set(cluster.name, cluster);
  const actions = actionBuilder(resources, options, register, httpCalls(register, options.backendHostOverride));
  // Each HTTPRoute's routes are built once, however many listeners and hostnames it reaches.
  const routesOf = new Map(resources.httpRoutes.map((route) => [route, rankedRoutes(route, actions)]));

  const listeners = resources.gateways
    .flatMap((gateway) => gateway.listeners.map((listener) => buildListener(gateway, listener, resources.httpRoutes, routesOf)))
    .sort((a, b) => a.port - b.port);
  return { listeners, clusters: [...clusters.values()].sort((a, b) => compareStrings(a.name, b.name)) };
}

function buildListener(gateway: Gateway, listener: GatewayListener, httpRoutes: HTTPRoute[], routesOf: Map<HTTPRoute, RankedRoute[]>): Listener {
  const name = `${gateway.meta.namespace}/${gateway.meta.name}/${listener.name}`;
  // hostname → Envoy route name → route; keyed by name because a route may
  // reach the same listener through more than one parentRef.
  const attached = new Map<string, Map<string, RankedRoute>>();
  for (const route of httpRoutes) {
    const hostnames = route.parentRefs
      .filter((ref) => ref.namespace === gateway.meta.namespace && ref.name === gateway.meta.name)
      .flatMap((ref) => attachments(gateway, ref, route))
      .filter((a) => a.listener === listener)
      .flatMap((a) => a.hostnames);
    for (const hostname of hostnames) {
      const routes = attached.get(hostname) ?? new Map<string, RankedRoute>();
      for (const r of routesOf.get(route)!) routes.set(r.route.name, r);
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
    // Stable sort: the routes of one weighted split keep their order.
    for (const r of [...attached.get(source)!.values()].sort(comparePrecedence)) {
      if (!routes.has(r.route.name)) routes.set(r.route.name, r.route);
    }
  }
  return [...routes.values()];
}

interface ActionBuilder {
  forBackend(route: HTTPRoute, rule: RouteRule, match: RouteMatch, ref: BackendRef): RouteAction;
}

function rankedRoutes(route: HTTPRoute, actions: ActionBuilder): RankedRoute[] {
  const { namespace, name } = route.meta;
  return route.rules.flatMap((rule, i) =>
    rule.matches.flatMap((match, j) => {
      const base = `httproute/${namespace}/${name}/rule/${i}/match/${j}`;
      const rank = { match, namespace, routeName: name, rule: i, matchIndex: j };
      const headers = responseHeaders(rule.filters.responseHeaders);
      if (rule.backends.length === 0) return [{ ...rank, route: { name: base, match, action: { type: "NoBackend" as const } } }];
      const thresholds = splitThresholds(rule.backends.map((b) => b.weight));
      const split = rule.backends.length > 1;
      return rule.backends.map((ref, k) => ({
        ...rank,
        route: {
          name: split ? `${base}/backend/${ref.index}` : base,
          match,
          ...(k < thresholds.length ? { split: { upTo: thresholds[k] } } : {}),
          action: actions.forBackend(route, rule, match, ref),
          ...requestHeaders(rule.filters.requestHeaders, ref.requestHeaders),
          ...headers,
        },
      }));
    }),
  );
}

/** Rule-level modifiers first, then the backendRef's own, as the Gateway API applies them. */
function requestHeaders(...modifiers: (HeaderModifier | undefined)[]): { requestHeaders?: HeaderModifier } {
  const present = modifiers.filter((m): m is HeaderModifier => m !== undefined);
  if (present.length === 0) return {};
  return {
    requestHeaders: {
      set: present.flatMap((m) => m.set),
      add: present.flatMap((m) => m.add),
      remove: present.flatMap((m) => m.remove),
    },
  };
}

function responseHeaders(modifier: HeaderModifier | undefined): { responseHeaders?: HeaderModifier } {
  return modifier ? { responseHeaders: modifier } : {};
}

function actionBuilder(resources: Resources, options: IROptions, register: (c: Cluster) => void, calls: HttpCalls): ActionBuilder {
  const policyByRoute = new Map<string, AIPolicy>();
  for (const policy of resources.policies) {
    for (const target of policy.targets) policyByRoute.set(`${policy.meta.namespace}/${target.name}`, policy);
  }
  const forLLM = (route: HTTPRoute, rule: RouteRule, match: RouteMatch, ref: LLMBackendRef): ForwardToLLM => {
    const backend = findBackend(resources.backends, ref.kind, ref.namespace, ref.name);
    if (!backend) throw new Error(`internal: ${describeObject(route.meta)} references a missing ${ref.kind} ${ref.name}`);
    const cluster = llmCluster(backend, options.backendHostOverride);
    register(cluster);
    const policy = policyByRoute.get(`${route.meta.namespace}/${route.meta.name}`);
    const routeType = policy?.ai.routeType ?? "CHAT";
    // The route serves every endpoint with priority 0's path and policy (validation made the
    // paths agree); a multipool's other tiers present their own key and model (pools).
    const first = backend.priorities[0][0];
    const target = endpointTarget(first, routeType, options.backendHostOverride);
    const url = splitUrl(target.url);
    const endpoints = backend.priorities.flat().length;
    return {
      type: "ForwardToLLM",
      cluster: cluster.name,
      host: backend.multipool ? "endpoint" : { rewrite: target.hostHeader },
      path: pathRewrite(match.path, rule.filters.urlRewrite, url.path)!,
      query: url.query,
      routeType,
      policy: routePolicy(backend, resources.secrets, calls, policy),
      sources: {
        backend: fieldRef(backend.meta, first.field),
        ...(policy ? { policy: fieldRef(policy.meta, policy.ai.field) } : {}),
      },
      ...(endpoints > 1 ? { failover: { retries: endpoints - 1 } } : {}),
    };
  };
  const forService = (rule: RouteRule, match: RouteMatch, ref: ServiceRef): ForwardToService => {
    const cluster = serviceCluster(ref, findObject(resources.services, ref.namespace, ref.name), options.backendHostOverride);
    register(cluster);
    const path = pathRewrite(match.path, rule.filters.urlRewrite);
    const hostname = rule.filters.urlRewrite?.hostname;
    return { type: "ForwardToService", cluster: cluster.name, ...(hostname ? { hostRewrite: hostname } : {}), ...(path ? { path } : {}) };
  };
  return {
    forBackend: (route, rule, match, ref) => (ref.type === "LLM" ? forLLM(route, rule, match, ref) : forService(rule, match, ref)),
  };
}
