// Gateway (gateway.networking.k8s.io/v1): the ports Envoy listens on.
import { HOSTNAME } from "../gateway-api/hostnames.ts";
import { child, readList, readPort, readRecord, readString, rejectUnknownFields, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { PortClaim } from "./listener-ports.ts";
import { describeObject, type Gateway, type GatewayListener } from "./resources.ts";

export function validateGateway({ meta, object }: IdentifiedObject, reportTo: Report, claimPort: PortClaim): Gateway | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readRecord(object.spec, "spec", report, true);
  if (!spec) return undefined;
  rejectUnknownFields(spec, ["gatewayClassName", "listeners"], "spec", report);
  const items = readList(spec.listeners, "spec.listeners", report);
  if (items.length === 0) report("spec.listeners", "must hold at least one listener");

  const listeners: GatewayListener[] = [];
  const names = new Set<string>();
  items.forEach((item, i) => {
    const field = child("spec.listeners", i);
    const listener = readListener(item, field, report);
    if (!listener) return;
    if (names.has(listener.name)) report(child(field, "name"), `duplicates listener name ${listener.name}`);
    names.add(listener.name);
    const owner = claimPort(listener.port, `${describeObject(meta)} listener ${listener.name}`);
    if (owner) report(child(field, "port"), `port ${listener.port} is already used by ${owner}`);
    listeners.push(listener);
  });
  return failed() ? undefined : { meta, listeners };
}

function readListener(value: unknown, field: string, report: Report): GatewayListener | undefined {
  const item = readRecord(value, field, report, true);
  if (!item) return undefined;
  // allowedRoutes is accepted and has no effect: routes only ever attach to
  // Gateways in their own namespace, which is its default.
  rejectUnknownFields(item, ["name", "port", "protocol", "hostname", "allowedRoutes"], field, report);
  const name = readString(item.name, child(field, "name"), report, true);
  const port = readPort(item.port, child(field, "port"), report, true);
  const protocol = readString(item.protocol, child(field, "protocol"), report, true);
  if (protocol !== undefined && protocol !== "HTTP") report(child(field, "protocol"), "must be HTTP (the only protocol supported so far)");
  const hostname = readString(item.hostname, child(field, "hostname"), report, false);
  if (hostname !== undefined && !HOSTNAME.test(hostname)) {
    report(child(field, "hostname"), 'must be a lowercase DNS name, optionally starting with "*."');
  }
  return name !== undefined && port !== undefined ? { name, port, hostname } : undefined;
}
