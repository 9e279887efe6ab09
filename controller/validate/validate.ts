// The validate stage: untyped loaded objects in, typed Resources out, or every
// error found (never just the first). Pure.
import { compareStrings, sortDiagnostics, type Diagnostic } from "../diagnostics.ts";
import type { LoadedObject } from "../load/types.ts";
import type { Report } from "./fields.ts";
import { validateGateway } from "./gateway.ts";
import { validateHTTPRoute } from "./httproute.ts";
import { identify, type IdentifiedObject } from "./identify.ts";
import { portRegistry } from "./listener-ports.ts";
import { validateLLMBackend } from "./llmbackend.ts";
import { describeObject, findObject, type Kind, type ObjectMeta, type Resources } from "./resources.ts";
import { validateSecret } from "./secret.ts";

export type ValidationResult =
  | { ok: true; resources: Resources; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function validate(loaded: LoadedObject[]): ValidationResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const objects = identify(loaded, errors, warnings);
  const reporterFor = (meta: ObjectMeta): Report => (field, reason) =>
    errors.push({ source: meta.source, object: describeObject(meta), field, reason });
  const ofKind = (kind: Kind) => objects.filter((o) => o.meta.kind === kind).sort(byNamespaceAndName);
  // Resolves a reference to the validated object, or "invalid" when the object
  // exists but failed its own checks (so the reference is not reported again).
  const resolver = <T extends { meta: ObjectMeta }>(all: IdentifiedObject[], valid: T[]) =>
    (namespace: string, name: string): T | "invalid" | undefined =>
      findObject(valid, namespace, name) ??
      (all.some((o) => o.meta.namespace === namespace && o.meta.name === name) ? "invalid" : undefined);

  // Kinds without references first, so that references to them resolve to checked objects.
  const secretObjects = ofKind("Secret");
  const secrets = secretObjects.flatMap((o) => validateSecret(o, reporterFor(o.meta)) ?? []);
  const gatewayObjects = ofKind("Gateway");
  const claimPort = portRegistry();
  const gateways = gatewayObjects.flatMap((o) => validateGateway(o, reporterFor(o.meta), claimPort) ?? []);
  const findSecret = resolver(secretObjects, secrets);
  const findGateway = resolver(gatewayObjects, gateways);
  const backendObjects = ofKind("LLMBackend");

  const backends = backendObjects.flatMap(
    (o) => validateLLMBackend(o, reporterFor(o.meta), (name) => findSecret(o.meta.namespace, name)) ?? [],
  );
  const httpRoutes = ofKind("HTTPRoute").flatMap(
    (o) =>
      validateHTTPRoute(o, reporterFor(o.meta), {
        gateway: (name) => findGateway(o.meta.namespace, name),
        backendExists: (name) => backendObjects.some((b) => b.meta.namespace === o.meta.namespace && b.meta.name === name),
      }) ?? [],
  );

  if (errors.length > 0) return { ok: false, errors: sortDiagnostics(errors), warnings: sortDiagnostics(warnings) };
  return { ok: true, resources: { secrets, gateways, httpRoutes, backends }, warnings: sortDiagnostics(warnings) };
}

function byNamespaceAndName(a: { meta: ObjectMeta }, b: { meta: ObjectMeta }): number {
  return compareStrings(a.meta.namespace, b.meta.namespace) || compareStrings(a.meta.name, b.meta.name);
}
