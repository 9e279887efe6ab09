// The validate stage: untyped loaded objects in, typed Resources out, or every
// error found (never just the first). Pure.
import { compareStrings, sortDiagnostics, type Diagnostic } from "../diagnostics.ts";
import type { LoadedObject } from "../load/types.ts";
import { validateAIPolicy } from "./ai-policy.ts";
import type { Report } from "./fields.ts";
import { validateGateway } from "./gateway.ts";
import { validateHTTPRoute } from "./httproute.ts";
import { identify, type IdentifiedObject } from "./identify.ts";
import { portRegistry } from "./listener-ports.ts";
import { validateKgatewayBackend, validateLLMBackend } from "./llm-backend.ts";
import { checkPolicyAttachments } from "./policy-attachment.ts";
import {
  AI_POLICY_KINDS,
  describeObject,
  findBackend,
  findObject,
  LLM_BACKEND_KINDS,
  type Kind,
  type ObjectMeta,
  type Resources,
} from "./resources.ts";
import { validateSecret } from "./secret.ts";
import { validateService } from "./service.ts";

export type ValidationResult =
  | { ok: true; resources: Resources; warnings: Diagnostic[] }
  /** `partial`: the objects that passed their own checks, so later checks can still look at them. */
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[]; partial: Resources };

export function validate(loaded: LoadedObject[]): ValidationResult {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const objects = identify(loaded, errors, warnings);
  const into = (list: Diagnostic[]) => (meta: ObjectMeta): Report => (field, reason) =>
    list.push({ source: meta.source, object: describeObject(meta), field, reason });
  const reporterFor = into(errors);
  const warnerFor = into(warnings);
  const ofKinds = (...kinds: Kind[]) => objects.filter((o) => kinds.includes(o.meta.kind)).sort(byNamespaceNameKind);
  // A reference resolves to the validated object, or to "invalid" when the
  // object exists but failed its own checks (so the reference is not reported again).
  const resolve = <T>(found: T | undefined, existsAtAll: boolean): T | "invalid" | undefined =>
    found ?? (existsAtAll ? "invalid" : undefined);

  // Kinds without references first, so that references to them resolve to checked objects.
  const secretObjects = ofKinds("Secret");
  const secretExists = existence(secretObjects);
  const secrets = secretObjects.flatMap((o) => validateSecret(o, reporterFor(o.meta)) ?? []);
  const serviceObjects = ofKinds("Service");
  const serviceExists = existence(serviceObjects);
  const services = serviceObjects.flatMap((o) => validateService(o, reporterFor(o.meta)) ?? []);
  const claimPort = portRegistry();
  const gatewayObjects = ofKinds("Gateway");
  const gatewayExists = existence(gatewayObjects);
  const gateways = gatewayObjects.flatMap((o) => validateGateway(o, reporterFor(o.meta), claimPort, warnerFor(o.meta)) ?? []);
  const secretIn = (namespace: string) => (name: string) =>
    resolve(findObject(secrets, namespace, name), secretExists(namespace, name));

  const backendObjects = ofKinds(...LLM_BACKEND_KINDS);
  const backendExists = existence(backendObjects);
  const backends = backendObjects.flatMap((o) => {
    const validator = o.meta.kind === "LLMBackend" ? validateLLMBackend : validateKgatewayBackend;
    return validator(o, reporterFor(o.meta), secretIn(o.meta.namespace)) ?? [];
  });
  const routeObjects = ofKinds("HTTPRoute");
  const routeExists = existence(routeObjects);
  const httpRoutes = routeObjects.flatMap(
    (o) =>
      validateHTTPRoute(o, reporterFor(o.meta), {
        gateway: (ns, name) => resolve(findObject(gateways, ns, name), gatewayExists(ns, name)),
        llmBackend: (kind, ns, name) => resolve(findBackend(backends, kind, ns, name), backendExists(ns, name, kind)),
        service: (ns, name) => resolve(findObject(services, ns, name), serviceExists(ns, name)),
      }) ?? [],
  );
  const policyResults = ofKinds(...AI_POLICY_KINDS).map((o) => ({
    meta: o.meta,
    ...validateAIPolicy(o, reporterFor(o.meta), secretIn(o.meta.namespace)),
  }));
  const policies = policyResults.flatMap((r) => r.policy ?? []);
  checkPolicyAttachments(policyResults, httpRoutes, routeExists, reporterFor);

  const resources = { secrets, services, gateways, httpRoutes, backends, policies };
  if (errors.length > 0) return { ok: false, errors: sortDiagnostics(errors), warnings: sortDiagnostics(warnings), partial: resources };
  return { ok: true, resources, warnings: sortDiagnostics(warnings) };
}

/**
 * Whether an object of `all` (valid or not) has a namespace, name and, when
 * given, kind: a set lookup, since every reference of every route and policy asks.
 */
function existence(all: IdentifiedObject[]): (namespace: string, name: string, kind?: Kind) => boolean {
  const kinds = new Map<string, Map<string, Set<Kind>>>(); // namespace → name → kinds
  for (const { meta } of all) {
    const names = kinds.get(meta.namespace) ?? kinds.set(meta.namespace, new Map()).get(meta.namespace)!;
    (names.get(meta.name) ?? names.set(meta.name, new Set()).get(meta.name)!).add(meta.kind);
  }
  return (namespace, name, kind) => {
    const found = kinds.get(namespace)?.get(name);
    return found !== undefined && (kind === undefined || found.has(kind));
  };
}

function byNamespaceNameKind(a: { meta: ObjectMeta }, b: { meta: ObjectMeta }): number {
  return (
    compareStrings(a.meta.namespace, b.meta.namespace) ||
    compareStrings(a.meta.name, b.meta.name) ||
    compareStrings(a.meta.kind, b.meta.kind)
  );
}
