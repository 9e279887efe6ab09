// First validation step: decide what each loaded object is (kind, namespace,
// name) before any object is checked in depth, so that references can be
// resolved against everything the user supplied, valid or not.
import type { Diagnostic } from "../diagnostics.ts";
import type { LoadedObject } from "../load/types.ts";
import { readRecord, readString, type Report } from "./fields.ts";
import { describeObject, type Kind, type ObjectMeta } from "./resources.ts";

const DEFAULT_NAMESPACE = "default";

export interface IdentifiedObject {
  meta: ObjectMeta;
  object: Record<string, unknown>;
}

const CORE = "";
const GATEWAY_API = "gateway.networking.k8s.io";
const WEIR_GROUP = "weir.dev";
const KGATEWAY_GROUP = "gateway.kgateway.dev";

/** Every kind Weir renders: its API group and the versions accepted. */
const KINDS: Record<Kind, { group: string; versions: string[] }> = {
  Secret: { group: CORE, versions: ["v1"] },
  Service: { group: CORE, versions: ["v1"] },
  Gateway: { group: GATEWAY_API, versions: ["v1", "v1beta1"] },
  HTTPRoute: { group: GATEWAY_API, versions: ["v1", "v1beta1"] },
  LLMBackend: { group: WEIR_GROUP, versions: ["v1alpha1"] },
  AIPolicy: { group: WEIR_GROUP, versions: ["v1alpha1"] },
  Backend: { group: KGATEWAY_GROUP, versions: ["v1alpha1"] },
  Upstream: { group: KGATEWAY_GROUP, versions: ["v1alpha1"] },
  TrafficPolicy: { group: KGATEWAY_GROUP, versions: ["v1alpha1"] },
  RoutePolicy: { group: KGATEWAY_GROUP, versions: ["v1alpha1"] },
};
// What the API server accepts: DNS-1123 subdomains for names, labels for namespaces.
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: CORE, version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function kindsOf(group: string): string[] {
  return Object.entries(KINDS).filter(([, k]) => k.group === group).map(([kind]) => kind);
}

export function identify(
  loaded: LoadedObject[],
  errors: Diagnostic[],
  warnings: Diagnostic[],
): IdentifiedObject[] {
  const identified: IdentifiedObject[] = [];
  const seen = new Map<string, ObjectMeta>();
  for (const { source, object } of loaded) {
    const apiVersion = object.apiVersion;
    const kind = object.kind;
    const report: Report = (field, reason) => errors.push({ source, field, reason });
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      report("", "apiVersion and kind are required strings");
      continue;
    }
    const { group, version } = splitApiVersion(apiVersion);
    const known = Object.hasOwn(KINDS, kind) && KINDS[kind as Kind].group === group ? (kind as Kind) : undefined;
    if (!known) {
      // Weir's own group has no kind it does not render; any other object
      // (a Deployment, kgateway's GatewayParameters, another API's Backend)
      // is somebody else's business.
      if (group === WEIR_GROUP) report("kind", `unknown kind ${kind} (${WEIR_GROUP} defines ${kindsOf(WEIR_GROUP).join(", ")})`);
      else warnings.push({ source, reason: `ignored ${apiVersion} ${kind}: not a kind Weir renders (see weir --help)` });
      continue;
    }
    if (!KINDS[known].versions.includes(version)) {
      report("apiVersion", `${kind} must be ${KINDS[known].versions.map((v) => (group ? `${group}/${v}` : v)).join(" or ")}`);
      continue;
    }
    const metadata = readRecord(object.metadata, "metadata", report, true);
    const name = readString(metadata?.name, "metadata.name", report, true);
    const namespace = readString(metadata?.namespace, "metadata.namespace", report, false) ?? DEFAULT_NAMESPACE;
    if (!metadata || !name) continue;
    if (!OBJECT_NAME.test(name)) report("metadata.name", "must be a lowercase DNS subdomain name");
    if (!NAMESPACE.test(namespace)) report("metadata.namespace", "must be a lowercase DNS label");

    const meta: ObjectMeta = { kind: known, namespace, name, source };
    const key = describeObject(meta);
    const first = seen.get(key);
    if (first) {
      errors.push({ source, object: key, reason: `defined twice (first at ${first.source.file}:${first.source.line})` });
      continue;
    }
    seen.set(key, meta);
    identified.push({ meta, object });
  }
  return identified;
}
