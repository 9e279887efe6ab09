// HTTPRoute (gateway.networking.k8s.io): which requests go where. Anything the
// Gateway API lets a route ask for that Weir does not implement (timeouts,
// retries, mirrors, redirects…) is an error, never ignored: ignoring it would
// route traffic differently from what the user wrote.
import { allowsNamespace, attachments, selectListeners } from "../gateway-api/attachment.ts";
import { HOSTNAME } from "../gateway-api/hostnames.ts";
import {
  child,
  readBoundedList,
  readInteger,
  readList,
  readMapping,
  readPort,
  readString,
  tracked,
  type Report,
} from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import { checkLLMRule } from "./llm-route-rules.ts";
import { readFilters } from "./route-filters.ts";
import { readRouteMatch } from "./route-matches.ts";
import type { BackendRef, Gateway, HTTPRoute, LLMBackend, LLMBackendKind, ParentRef, RouteRule, Service } from "./resources.ts";

/** Resolves references: undefined when absent, "invalid" when the object has errors of its own. */
export interface RouteReferences {
  gateway(namespace: string, name: string): Gateway | "invalid" | undefined;
  llmBackend(kind: LLMBackendKind, namespace: string, name: string): LLMBackend | "invalid" | undefined;
  service(namespace: string, name: string): Service | "invalid" | undefined;
}

const GATEWAY_GROUP = "gateway.networking.k8s.io";
/** backendRef group/kind → what it names. The Gateway API default is a core Service. */
const BACKEND_KINDS: Record<string, LLMBackendKind | "Service"> = {
  "weir.dev/LLMBackend": "LLMBackend",
  "gateway.kgateway.dev/Backend": "Backend",
  "gateway.kgateway.dev/Upstream": "Upstream",
  "/Service": "Service",
};
// Gateway API limits.
const MAX_RULES = 16;
const MAX_MATCHES = 64;
const MAX_BACKENDS = 16;
const MAX_WEIGHT = 1_000_000;

export function validateHTTPRoute({ meta, object }: IdentifiedObject, reportTo: Report, refs: RouteReferences): HTTPRoute | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readMapping(object.spec, ["parentRefs", "hostnames", "rules"], "spec", report);
  if (!spec) return undefined;

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
    if (ref) checkParent(ref, { hostnames, meta }, child("spec.parentRefs", i), report, refs);
    return ref ? [ref] : [];
  });

  // The Gateway API default: no rules means one rule matching every path, with no backend.
  const listedRules = readBoundedList(spec.rules, "spec.rules", report, 0, MAX_RULES);
  const ruleItems = listedRules.length > 0 ? listedRules : [{}];
  const rules = ruleItems.flatMap((item, i) => readRule(item, child("spec.rules", i), meta.namespace, report, refs) ?? []);
  return failed() ? undefined : { meta, parentRefs, hostnames, rules };
}

function readParentRef(value: unknown, field: string, namespace: string, report: Report): ParentRef | undefined {
  const item = readMapping(value, ["group", "kind", "namespace", "name", "sectionName", "port"], field, report);
  if (!item) return undefined;
  const group = readString(item.group, child(field, "group"), report, false) ?? GATEWAY_GROUP;
  const kind = readString(item.kind, child(field, "kind"), report, false) ?? "Gateway";
  if (group !== GATEWAY_GROUP || kind !== "Gateway") report(field, `must reference a ${GATEWAY_GROUP} Gateway`);
  const name = readString(item.name, child(field, "name"), report, true);
  const sectionName = readString(item.sectionName, child(field, "sectionName"), report, false);
  const port = readPort(item.port, child(field, "port"), report, false);
  const parentNamespace = readString(item.namespace, child(field, "namespace"), report, false) ?? namespace;
  return name === undefined ? undefined : { namespace: parentNamespace, name, sectionName, port };
}

function checkParent(ref: ParentRef, route: Pick<HTTPRoute, "hostnames" | "meta">, field: string, report: Report, refs: RouteReferences): void {
  const gateway = refs.gateway(ref.namespace, ref.name);
  if (gateway === "invalid") return; // its own errors are reported on the Gateway
  const where = ref.namespace === route.meta.namespace ? "the route's namespace" : `namespace ${ref.namespace}`;
  if (!gateway) {
    report(child(field, "name"), `Gateway ${ref.name} is not found in ${where}`);
    return;
  }
  const selected = selectListeners(gateway, ref);
  if (selected.length === 0) {
    const wanted = [ref.sectionName && `named ${ref.sectionName}`, ref.port && `on port ${ref.port}`].filter(Boolean);
    report(field, `Gateway ${ref.name} has no listener ${wanted.join(" ")}`);
  } else if (!selected.some((l) => allowsNamespace(gateway, l, route.meta.namespace))) {
    report(field, `no listener of Gateway ${ref.namespace}/${ref.name} allows routes from namespace ${route.meta.namespace} (allowedRoutes)`);
  } else if (attachments(gateway, ref, route).length === 0) {
    report(field, `no listener of Gateway ${ref.name} accepts any of the route's hostnames`);
  }
}

function readRule(value: unknown, field: string, namespace: string, report: Report, refs: RouteReferences): RouteRule | undefined {
  const item = readMapping(value, ["name", "matches", "filters", "backendRefs"], field, report);
  if (!item) return undefined;
  readString(item.name, child(field, "name"), report, false);
  // No matches (absent or empty) means the Gateway API default: every path.
  const listed = readBoundedList(item.matches, child(field, "matches"), report, 0, MAX_MATCHES);
  const matchItems = listed.length > 0 ? listed : [{}];
  const matches = matchItems.flatMap((m, j) => readRouteMatch(m, child(child(field, "matches"), j), report) ?? []);
  const filters = readFilters(item.filters, child(field, "filters"), report, "rule");
  if (filters.urlRewrite?.path?.type === "ReplacePrefixMatch" && matches.some((m) => m.path.type !== "PathPrefix")) {
    report(child(field, "filters"), "a URLRewrite with ReplacePrefixMatch needs every match of the rule to be a PathPrefix match");
  }

  const backendsField = child(field, "backendRefs");
  const backendItems = readBoundedList(item.backendRefs, backendsField, report, 0, MAX_BACKENDS);
  const backends = backendItems.flatMap((b, k) => readBackendRef(b, k, child(backendsField, k), namespace, report, refs) ?? []);
  const rule: RouteRule = { field, matches, filters, backends: backends.filter((b) => b.weight > 0) };
  checkLLMRule(rule, report, (ref) => refs.llmBackend(ref.kind, ref.namespace, ref.name));
  return rule;
}

function readBackendRef(
  value: unknown,
  index: number,
  field: string,
  namespace: string,
  report: Report,
  refs: RouteReferences,
): BackendRef | undefined {
  const item = readMapping(value, ["group", "kind", "namespace", "name", "port", "weight", "filters"], field, report);
  if (!item) return undefined;
  const group = readString(item.group, child(field, "group"), report, false) ?? "";
  const kind = readString(item.kind, child(field, "kind"), report, false) ?? "Service";
  const target = BACKEND_KINDS[`${group === "core" ? "" : group}/${kind}`];
  if (!target) {
    const known = Object.keys(BACKEND_KINDS).map((k) => (k.startsWith("/") ? `${k.slice(1)} (core)` : k.replace("/", " ")));
    report(field, `must reference one of: ${known.join(", ")}`);
    return undefined;
  }
  const refNamespace = readString(item.namespace, child(field, "namespace"), report, false);
  if (refNamespace !== undefined && refNamespace !== namespace) {
    report(child(field, "namespace"), "must be the route's own namespace (cross-namespace references are not supported yet)");
  }
  const weight = readInteger(item.weight, child(field, "weight"), report, 0, MAX_WEIGHT) ?? 1;
  const name = readString(item.name, child(field, "name"), report, true);
  const filters = readFilters(item.filters, child(field, "filters"), report, "backend");
  if (name === undefined) return undefined;
  const common = { index, namespace, name, weight, field, ...(filters.requestHeaders ? { requestHeaders: filters.requestHeaders } : {}) };

  if (target === "Service") {
    const port = readPort(item.port, child(field, "port"), report, true);
    const service = refs.service(namespace, name);
    if (typeof service === "object" && port !== undefined && service.ports.length > 0 && !service.ports.includes(port)) {
      report(child(field, "port"), `Service ${name} has no port ${port}`);
    }
    return port === undefined ? undefined : { type: "Service", port, ...common };
  }
  if (item.port !== undefined) report(child(field, "port"), `must not be set for a ${kind} (its endpoints name their own ports)`);
  if (refs.llmBackend(target, namespace, name) === undefined) {
    report(child(field, "name"), `${kind} ${name} is not found in the route's namespace`);
  }
  return { type: "LLM", kind: target, ...common };
}
