// A listener's route configuration: virtual hosts and their routes.
import type { ForwardToLLM, ForwardToService, Listener, Route } from "../ir/types.ts";
import { renderHeaderModifiers } from "./header-modifiers.ts";
import { routeMetadata } from "./observability.ts";
import { renderPathRewrite } from "./path-rewrite.ts";
import { renderMatch } from "./route-match.ts";
import { FILTER, TYPE } from "./type-urls.ts";
import { upstreamQuery } from "./upstream-url.ts";

// LLM responses stream for minutes, so the route has no overall timeout
// (timeout: 0s). What bounds a stuck upstream is the idle timeout: the longest
// gap between bytes. It is generous because a non-streaming request to a
// reasoning model sends nothing until the whole answer is ready; 600s is the
// official OpenAI SDK's default request timeout. (A route's idle_timeout
// replaces the connection manager's 5-minute stream_idle_timeout.)
const IDLE_TIMEOUT = "600s";
// What a multipool retries on the next endpoint: failures before any
// response byte, and the statuses providers use for overload and outages.
const FAILOVER_STATUS_CODES = [429, 500, 502, 503, 504];

export function renderRouteConfig(listener: Listener): object {
  return {
    name: listener.name,
    virtual_hosts: listener.virtualHosts.map((vh) => ({
      name: vh.name,
      domains: vh.domains,
      routes: vh.routes.map(renderRoute),
    })),
  };
}

function renderRoute(route: Route): object {
  const base = {
    name: route.name,
    match: renderMatch(route),
    ...renderHeaderModifiers("request", route.requestHeaders),
    ...renderHeaderModifiers("response", route.responseHeaders),
  };
  const action = route.action;
  if (action.type === "NoBackend") return { name: route.name, match: base.match, direct_response: { status: 500 } };
  return action.type === "ForwardToLLM" ? { ...base, ...llmRoute(action) } : { ...base, ...serviceRoute(action) };
}

// Path and host are rewritten here, by the router, not by the filter:
// a filter changing request headers clears Envoy's route cache (DESIGN §4).
function llmRoute(action: ForwardToLLM): object {
  const rewrite = renderPathRewrite(action.path);
  return {
    // For the access log's provider=.
    metadata: routeMetadata(action.policy.provider),
    route: {
      cluster: action.cluster,
      ...(action.host === "endpoint" ? { auto_host_rewrite: true } : { host_rewrite_literal: action.host.rewrite }),
      ...(rewrite ? { regex_rewrite: rewrite } : {}),
      timeout: "0s",
      idle_timeout: IDLE_TIMEOUT,
      ...(action.failover ? { retry_policy: failover(action.failover.retries) } : {}),
    },
    typed_per_filter_config: upstreamQuery(action.query),
  };
}

function serviceRoute(action: ForwardToService): object {
  const rewrite = action.path && renderPathRewrite(action.path);
  return {
    route: {
      cluster: action.cluster,
      ...(action.hostRewrite ? { host_rewrite_literal: action.hostRewrite } : {}),
      ...(rewrite ? { regex_rewrite: rewrite } : {}),
      timeout: "0s",
      idle_timeout: IDLE_TIMEOUT,
    },
  };
}

// Each retry goes to a host not tried yet, in the next priority tier once the
// current one has been tried (previous_priorities).
function failover(retries: number): object {
  return {
    retry_on: "connect-failure,refused-stream,reset,retriable-status-codes",
    retriable_status_codes: FAILOVER_STATUS_CODES,
    num_retries: retries,
    retry_priority: { name: FILTER.previousPriorities, typed_config: { "@type": TYPE.previousPriorities, update_frequency: 1 } },
    retry_host_predicate: [{ name: FILTER.previousHosts, typed_config: { "@type": TYPE.previousHosts } }],
    host_selection_retry_max_attempts: 5,
  };
}
