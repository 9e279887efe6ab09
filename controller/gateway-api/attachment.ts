// Which listeners of a Gateway a route's parentRef selects, and on which hostnames.
import type { Gateway, GatewayListener, HTTPRoute, ParentRef } from "../validate/resources.ts";
import { intersectHostnames } from "./hostnames.ts";

export interface Attachment {
  listener: GatewayListener;
  hostnames: string[];
}

export function selectListeners(gateway: Gateway, ref: ParentRef): GatewayListener[] {
  return gateway.listeners.filter(
    (l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port),
  );
}

/** allowedRoutes.namespaces: the Gateway's own namespace (the default) or any. */
export function allowsNamespace(gateway: Gateway, listener: GatewayListener, namespace: string): boolean {
  return listener.routeNamespaces === "All" || gateway.meta.namespace === namespace;
}

/** The listeners a route attaches to through one parentRef: selected, allowing the route, sharing a hostname. */
export function attachments(gateway: Gateway, ref: ParentRef, route: Pick<HTTPRoute, "hostnames" | "meta">): Attachment[] {
  return selectListeners(gateway, ref)
    .filter((listener) => allowsNamespace(gateway, listener, route.meta.namespace))
    .map((listener) => ({ listener, hostnames: intersectHostnames(listener.hostname, route.hostnames) }))
    .filter((a) => a.hostnames.length > 0);
}
