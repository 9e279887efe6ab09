// Every Gateway rendered here shares one Envoy, so a port may be used by one
// listener only, across all Gateways. Ports are claimed while Gateways are
// validated (in namespace/name order, so the same one always wins), including
// by Gateways that have other errors, so that one run reports every clash.

/** Claims `port` for `owner`; returns the previous owner when it was taken. */
export type PortClaim = (port: number, owner: string) => string | undefined;

export function portRegistry(): PortClaim {
  const owners = new Map<number, string>();
  return (port, owner) => {
    const previous = owners.get(port);
    if (previous === undefined) owners.set(port, owner);
    return previous;
  };
}
