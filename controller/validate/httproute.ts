// HTTPRoute (gateway.networking.k8s.io/v1): which requests go to which LLMBackend.
// Anything the Gateway API lets a route ask for that Weir does not implement
// yet (filters, header matches, several backends) is an error, never ignored:
// ignoring a header match would route more traffic than the user meant.
import { attachments, selectListeners } from "../gateway-api/attachment.ts";
import { HOSTNAME } from "../gateway-api/hostnames.ts";
import { child, readList, readPort, readRecord, readString, rejectUnknownFields, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { Gateway, HTTPRoute, ParentRef, PathMatch, RouteRule } from "./resources.ts";

export interface RouteReferences {
  /** A Gateway in the route's namespace: undefined when absent, "invalid" when it has errors of its own. */
  gateway(name: string): Gateway | "invalid" | undefined;
  /** Whether an LLMBackend of that name exists in the route's namespace (valid or not). */
  backendExists(name: string): boolean;
}

const GATEWAY_GROUP = "gateway.networking.k8s.io";
const BACKEND_GROUP = "weir.dev";
const BACKEND_KIND = "LLMBackend";
// A path Envoy matches literally: no query, fragment, spaces or control characters.
const MATCH_PATH = /^\/[^?#\s\u0000-\u001f\u007f]*$/;

export function validateHTTPRoute(
  { meta, object }: IdentifiedObject,
  reportTo: Report,
  refs: RouteReferences,
): HTTPRoute | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readRecord(object.spec, "spec", report, true);
  if (!spec) return undefined;
  rejectUnknownFields(spec, ["parentRefs", "hostnames", "rules"], "spec", report);

  const hostnames: string[] = [];
  readList(spec.hostnames, "spec.hostnames", report).forEach((value, i) => {
    const hostname = readString(value, child("spec.hostnames", i), report, true);
    if (hostname !== undefined && !HOSTNAME.test(hostname)) {
      report(child("spec.hostnames", i), 'must be a lowercase DNS name, optionally starting with "*."');
    } else if (hostname !== undefined) hostnames.push(hostname);
  });

  const parentItems = readList(spec.parentRefs, "spec.parentRefs", report);
  if (parentItems.length === 0) report("spec.parentRefs", "must name at least one Gateway");
  const parentRefs = parentItems.flatMap((item, i) => {
    const ref = readParentRef(item, child("spec.parentRefs", i), meta.namespace, report);
    if (ref) checkParent(ref, hostnames, child("spec.parentRefs", i), report, refs);
    return ref ? [ref] : [];
  });

  // The Gateway API default: no rules means one rule matching every path, with no backend.
  const listedRules = readList(spec.rules, "spec.rules", report);
  const ruleItems = listedRules.length > 0 ? listedRules : [{}];
  const rules = ruleItems.flatMap((item, i) => {
    const rule = readRule(item, child("spec.rules", i), meta.namespace, report, refs);
    return rule ? [rule] : [];
  });
  return failed() ? undefined : { meta, parentRefs, hostnames, rules };
}

function readParentRef(value: unknown, field: string, namespace: string, report: Report): ParentRef | undefined {
  const item = readRecord(value, field, report, true);
  if (!item) return undefined;
  rejectUnknownFields(item, ["group", "kind", "namespace", "name", "sectionName", "port"], field, report);
  const group = readString(item.group, child(field, "group"), report, false) ?? GATEWAY_GROUP;
  const kind = readString(item.kind, child(field, "kind"), report, false) ?? "Gateway";
  if (group !== GATEWAY_GROUP || kind !== "Gateway") report(field, `must reference a ${GATEWAY_GROUP} Gateway`);
  checkSameNamespace(item.namespace, namespace, child(field, "namespace"), report);
  const name = readString(item.name, child(field, "name"), report, true);
  const sectionName = readString(item.sectionName, child(field, "sectionName"), report, false);
  const port = readPort(item.port, child(field, "port"), report, false);
  return name === undefined ? undefined : { name, sectionName, port };
}

function checkParent(ref: ParentRef, hostnames: string[], field: string, report: Report, refs: RouteReferences): void {
  const gateway = refs.gateway(ref.name);
  if (gateway === "invalid") return; // its own errors are reported on the Gateway
  if (!gateway) {
    report(child(field, "name"), `Gateway ${ref.name} is not found in the route's namespace`);
  } else if (selectListeners(gateway, ref).length === 0) {
    const wanted = [ref.sectionName && `named ${ref.sectionName}`, ref.port && `on port ${ref.port}`].filter(Boolean);
    report(field, `Gateway ${ref.name} has no listener ${wanted.join(" ")}`);
  } else if (attachments(gateway, ref, { hostnames }).length === 0) {
    report(field, `no listener of Gateway ${ref.name} accepts any of the route's hostnames`);
  }
}

function readRule(value: unknown, field: string, namespace: string, report: Report, refs: RouteReferences): RouteRule | undefined {
  const item = readRecord(value, field, report, true);
  if (!item) return undefined;
  rejectUnknownFields(item, ["name", "matches", "backendRefs"], field, report);
  // No matches (absent or empty) means the Gateway API default: every path.
  const listed = readList(item.matches, child(field, "matches"), report);
  const matchItems = listed.length > 0 ? listed : [{}];
  const matches = matchItems.flatMap((m, j) => readMatch(m, child(child(field, "matches"), j), report) ?? []);

  const backendsField = child(field, "backendRefs");
  const backendItems = readList(item.backendRefs, backendsField, report);
  // One Envoy route carries one provider rewrite and one policy; weighted
  // splits and failover between backends come later.
  if (backendItems.length > 1) report(backendsField, "must hold at most one backend (several are not supported yet)");
  const backend = backendItems.length === 1 ? readBackendRef(backendItems[0], child(backendsField, 0), namespace, report, refs) : undefined;
  return { matches, backend };
}

function readMatch(value: unknown, field: string, report: Report): PathMatch | undefined {
  const item = readRecord(value, field, report, true);
  if (!item) return undefined;
  rejectUnknownFields(item, ["path"], field, report);
  const path = readRecord(item.path, child(field, "path"), report, false) ?? {};
  rejectUnknownFields(path, ["type", "value"], child(field, "path"), report);
  const type = readString(path.type, child(field, "path.type"), report, false) ?? "PathPrefix";
  const pathValue = readString(path.value, child(field, "path.value"), report, false) ?? "/";
  if (type !== "PathPrefix" && type !== "Exact") {
    report(child(field, "path.type"), "must be PathPrefix or Exact (the path match types supported so far)");
    return undefined;
  }
  if (!MATCH_PATH.test(pathValue)) {
    report(child(field, "path.value"), 'must start with "/" and hold no query, fragment, spaces or control characters');
    return undefined;
  }
  return { type, value: pathValue };
}

function readBackendRef(value: unknown, field: string, namespace: string, report: Report, refs: RouteReferences): string | undefined {
  const item = readRecord(value, field, report, true);
  if (!item) return undefined;
  // The Gateway API defaults to a core Service; Weir forwards only to
  // LLMBackends. A reference to anything else is one error, not several.
  if (item.group !== BACKEND_GROUP || item.kind !== BACKEND_KIND) {
    report(field, `must reference an LLMBackend: set group: ${BACKEND_GROUP} and kind: ${BACKEND_KIND}`);
    return undefined;
  }
  rejectUnknownFields(item, ["group", "kind", "namespace", "name", "weight"], field, report);
  checkSameNamespace(item.namespace, namespace, child(field, "namespace"), report);
  // With a single backend the weight only matters when it is 0 (send nothing).
  if (item.weight !== undefined && !(Number.isInteger(item.weight) && (item.weight as number) > 0)) {
    report(child(field, "weight"), "must be a positive integer (0 is not supported)");
  }
  const name = readString(item.name, child(field, "name"), report, true);
  if (name !== undefined && !refs.backendExists(name)) {
    report(child(field, "name"), `LLMBackend ${name} is not found in the route's namespace`);
  }
  return name;
}

function checkSameNamespace(value: unknown, namespace: string, field: string, report: Report): void {
  const other = readString(value, field, report, false);
  if (other !== undefined && other !== namespace) {
    report(field, "must be the route's own namespace (cross-namespace references are not supported yet)");
  }
}
