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

/** The listeners a route attaches to through one parentRef: selected and sharing at least one hostname. */
export function attachments(gateway: Gateway, ref: ParentRef, route: Pick<HTTPRoute, "hostnames">): Attachment[] {
  return selectListeners(gateway, ref)
    .map((listener) => ({ listener, hostnames: intersectHostnames(listener.hostname, route.hostnames) }))
    .filter((a) => a.hostnames.length > 0);
}
