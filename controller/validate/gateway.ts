// Gateway (gateway.networking.k8s.io): the ports Envoy listens on.
import { HOSTNAME } from "../gateway-api/hostnames.ts";
import { child, readEnum, readList, readMapping, readPort, readRecord, readString, rejectUnknownFields, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { PortClaim } from "./listener-ports.ts";
import { describeObject, type Gateway, type GatewayListener } from "./resources.ts";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

export function validateGateway(
  { meta, object }: IdentifiedObject,
  reportTo: Report,
  claimPort: PortClaim,
  warn: Report,
): Gateway | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readMapping(object.spec, ["gatewayClassName", "listeners", "infrastructure"], "spec", report);
  if (!spec) return undefined;
  // How the Gateway's own Deployment is made (labels, parametersRef): nothing
  // in a rendered Envoy config, so it is accepted (kgateway's AI Gateway
  // manifests set it) and said to have no effect.
  if (spec.infrastructure !== undefined) warn("spec.infrastructure", "has no effect on the rendered Envoy config");
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
  const item = readMapping(value, ["name", "port", "protocol", "hostname", "allowedRoutes"], field, report);
  if (!item) return undefined;
  const name = readString(item.name, child(field, "name"), report, true);
  const port = readPort(item.port, child(field, "port"), report, true);
  const protocol = readString(item.protocol, child(field, "protocol"), report, true);
  if (protocol !== undefined && protocol !== "HTTP") report(child(field, "protocol"), "must be HTTP (the only protocol supported so far)");
  const hostname = readString(item.hostname, child(field, "hostname"), report, false);
  if (hostname !== undefined && !HOSTNAME.test(hostname)) {
    report(child(field, "hostname"), 'must be a lowercase DNS name, optionally starting with "*."');
  }
  const routeNamespaces = readAllowedRoutes(item.allowedRoutes, child(field, "allowedRoutes"), report);
  return name !== undefined && port !== undefined ? { name, port, hostname, routeNamespaces } : undefined;
}

/** allowedRoutes: namespaces.from Same (the default) or All; kinds, when listed, must include HTTPRoute. */
function readAllowedRoutes(value: unknown, field: string, report: Report): "Same" | "All" {
  const allowed = readRecord(value, field, report, false);
  if (!allowed) return "Same";
  rejectUnknownFields(allowed, ["namespaces", "kinds"], field, report);
  const kinds = readList(allowed.kinds, child(field, "kinds"), report);
  kinds.forEach((item, i) => {
    const at = child(child(field, "kinds"), i);
    const kind = readMapping(item, ["group", "kind"], at, report);
    if (!kind) return;
    const group = readString(kind.group, child(at, "group"), report, false) ?? GATEWAY_GROUP;
    if (group !== GATEWAY_GROUP || readString(kind.kind, child(at, "kind"), report, true) !== "HTTPRoute") {
      report(at, "must be HTTPRoute (the only route kind Weir renders)");
    }
  });
  const namespaces = readRecord(allowed.namespaces, child(field, "namespaces"), report, false);
  if (!namespaces) return "Same";
  rejectUnknownFields(namespaces, ["from"], child(field, "namespaces"), report);
  const from = readEnum(namespaces.from, ["Same", "All", "Selector"], child(field, "namespaces.from"), report, "Same");
  if (from === "Selector") report(child(field, "namespaces.from"), "Selector is not supported yet (use Same or All)");
  return from === "All" ? "All" : "Same";
}
