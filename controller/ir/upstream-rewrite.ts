// The upstream path of a route, from the backend's URL and the rule's
// URLRewrite. On an LLM route the provider's path replaces the client's
// (clients use any path under the route's prefix), unless the rule says
// otherwise: a URLRewrite is honoured, never silently ignored (kgateway
// #11699 ignores it on AI backends):
//  - ReplaceFullPath: that path, instead of the provider's (e.g. an
//    OpenAI-compatible server with its own path);
//  - ReplacePrefixMatch: the client's path with the matched prefix replaced
//    (e.g. /openai/v1/embeddings → /v1/embeddings, other APIs of the provider).
// The provider's query parameters (Azure's api-version, Gemini's alt=sse) are
// kept in every case.
import type { PathMatch, URLRewrite } from "../validate/resources.ts";
import type { PathRewrite } from "./types.ts";

export interface UpstreamUrl {
  path: string;
  /** Decoded. */
  query: { key: string; value: string }[];
}

export function splitUrl(url: string): UpstreamUrl {
  const at = url.indexOf("?");
  if (at < 0) return { path: url, query: [] };
  return { path: url.slice(0, at), query: [...new URLSearchParams(url.slice(at + 1))].map(([key, value]) => ({ key, value })) };
}

/** The rewrite of one route (one match of the rule); `base` is the backend's own path, if it has one. */
export function pathRewrite(match: PathMatch, rewrite: URLRewrite | undefined, base?: string): PathRewrite | undefined {
  const path = rewrite?.path;
  if (path?.type === "ReplaceFullPath") return { type: "ReplaceFullPath", value: path.value };
  // Validation allows ReplacePrefixMatch only on PathPrefix matches.
  if (path?.type === "ReplacePrefixMatch") return { type: "ReplacePrefixMatch", prefix: match.value, value: path.value };
  return base === undefined ? undefined : { type: "ReplaceFullPath", value: base };
}
