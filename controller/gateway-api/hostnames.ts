// Gateway API hostname semantics, shared by validation (does a route attach to
// a listener?) and the IR (which virtual hosts does it land in?).

/** Lowercase DNS name, optionally with a leading "*." wildcard label; no IPs, no port. */
export const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The Envoy virtual host domain that matches any host. */
const ANY_HOST = "*";

/**
 * Hostnames a route serves on a listener: the intersection of the listener's
 * hostname and the route's hostnames, as the Gateway API defines it. An empty
 * result means the route does not attach to that listener.
 */
export function intersectHostnames(listener: string | undefined, route: readonly string[]): string[] {
  if (route.length === 0) return [listener ?? ANY_HOST];
  if (listener === undefined) return unique(route);
  return unique(route.flatMap((h) => intersect(listener, h) ?? []));
}

function intersect(a: string, b: string): string | undefined {
  if (a === b) return a;
  const aWild = a.startsWith("*.");
  const bWild = b.startsWith("*.");
  if (aWild && !bWild) return covers(a, b) ? b : undefined;
  if (bWild && !aWild) return covers(b, a) ? a : undefined;
  if (aWild && bWild) return covers(a, b.slice(2)) ? b : covers(b, a.slice(2)) ? a : undefined;
  return undefined;
}

/** "*.example.com" covers names with at least one more label: foo.example.com, a.b.example.com. */
function covers(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix);
}

/**
 * Whether requests for `specific` may also be served by routes attached on
 * `general`: the same name, a wildcard covering it, or any host.
 */
export function servesHostname(general: string, specific: string): boolean {
  return general === specific || general === ANY_HOST || (general.startsWith("*.") && covers(general, specific));
}

/**
 * Gateway API hostname precedence, most specific first: exact names, then
 * wildcards by length, then any host. Rules attached on a more specific
 * hostname take precedence over every rule attached on a less specific one.
 */
export function compareHostnameSpecificity(a: string, b: string): number {
  const rank = (h: string) => (h === ANY_HOST ? 2 : h.startsWith("*.") ? 1 : 0);
  return rank(a) - rank(b) || b.length - a.length;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}
