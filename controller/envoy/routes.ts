// A listener's route configuration: virtual hosts and their routes.
import type { Listener, PathMatch, Route } from "../ir/types.ts";
import { FILTER, TYPE } from "./type-urls.ts";
import { splitUpstreamUrl } from "./upstream-url.ts";

// LLM responses stream for minutes, so the route has no overall timeout
// (timeout: 0s). What bounds a stuck upstream is the idle timeout: the longest
// gap between bytes. It is generous because a non-streaming request to a
// reasoning model sends nothing until the whole answer is ready; 600s is the
// official OpenAI SDK's default request timeout.
const IDLE_TIMEOUT = "600s";

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
  const base = { name: route.name, match: renderMatch(route.match) };
  const action = route.action;
  if (action.type === "NoBackend") return { ...base, direct_response: { status: 500 } };

  // Path and host are rewritten here, by the router, not by the filter:
  // a filter changing request headers clears Envoy's route cache (DESIGN §4).
  const url = splitUpstreamUrl(action.pathRewrite);
  return {
    ...base,
    route: {
      cluster: action.cluster,
      host_rewrite_literal: action.hostRewrite,
      regex_rewrite: { pattern: { regex: "^.*$" }, substitution: url.path },
      timeout: "0s",
      idle_timeout: IDLE_TIMEOUT,
    },
    typed_per_filter_config: { [FILTER.headerMutation]: upstreamQuery(url.query) },
  };
}

// Query parameters that carry provider credentials (Gemini reads `?key=`).
// The filter owns auth, so a client's key in the query must never reach the
// provider: Envoy would otherwise forward it with the rewritten path.
const CREDENTIAL_QUERY_PARAMETERS = ["key"];

function upstreamQuery(query: { key: string; value: string }[]): object {
  return {
    "@type": TYPE.headerMutationPerRoute,
    mutations: {
      query_parameter_mutations: [
        ...CREDENTIAL_QUERY_PARAMETERS.map((key) => ({ remove: key })),
        ...query.map((record) => ({ append: { record, action: "OVERWRITE_IF_EXISTS_OR_ADD" } })),
      ],
    },
  };
}

// Gateway API PathPrefix matches whole path segments ("/v1" matches "/v1" and
// "/v1/chat", not "/v1x") and ignores a trailing "/": that is Envoy's
// path_separated_prefix, which itself takes no trailing "/", so "/" stays a
// plain prefix.
function renderMatch(match: PathMatch): object {
  if (match.type === "Exact") return { path: match.value };
  const prefix = match.value.replace(/\/+$/, "");
  return prefix === "" ? { prefix: "/" } : { path_separated_prefix: prefix };
}
