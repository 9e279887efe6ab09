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

const KINDS: Record<Kind, string> = {
  Secret: "v1",
  Gateway: "gateway.networking.k8s.io/v1",
  HTTPRoute: "gateway.networking.k8s.io/v1",
  LLMBackend: "weir.dev/v1alpha1",
};
// What the API server accepts: DNS-1123 subdomains for names, labels for namespaces.
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

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
    if (!Object.hasOwn(KINDS, kind)) {
      if (apiVersion.startsWith("weir.dev/")) report("kind", `unknown kind ${kind} (Weir defines LLMBackend)`);
      else warnings.push({ source, reason: `ignored ${apiVersion} ${kind}: Weir renders ${Object.keys(KINDS).join(", ")}` });
      continue;
    }
    const known = kind as Kind;
    if (apiVersion !== KINDS[known]) {
      report("apiVersion", `${kind} must be ${KINDS[known]}`);
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
