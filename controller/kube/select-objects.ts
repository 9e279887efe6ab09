// Which cluster objects are Weir's to render. A cluster may run other
// gateways (kgateway, Istio, ...) on the same Gateway API kinds, so Weir takes:
//   - Gateways of its GatewayClass;
//   - HTTPRoutes attached to one of those, with parentRefs to other Gateways
//     removed (those parents are another controller's business);
//   - every LLMBackend and AIPolicy (Weir's own kinds);
//   - kgateway Backends/Upstreams and Services those routes forward to, and
//     kgateway TrafficPolicies/RoutePolicies that target those routes or Gateways;
//   - the Secrets all of the above reference.
// Everything else is left alone: no render, no status. Pure.
import { keyOf, namespaceOf, objectKey, type KubeObject, type ObjectKey } from "./kube-object.ts";

export interface Selection {
  /** Objects to render, by key; routes with foreign parentRefs removed. */
  objects: Map<ObjectKey, KubeObject>;
  /** For each selected HTTPRoute, the index in the original spec.parentRefs of each kept parentRef. */
  parentIndexes: Map<ObjectKey, number[]>;
  /** Secrets the selected objects reference, as "namespace/name". */
  secretRefs: Set<string>;
  /** Selected object → the objects it references (backends, secrets), for explaining failures. */
  references: Map<ObjectKey, ObjectKey[]>;
}

const GATEWAY_API = "gateway.networking.k8s.io";
const WEIR = "weir.dev";
const KGATEWAY = "gateway.kgateway.dev";
const ALWAYS_OURS = new Set(["LLMBackend", "AIPolicy"]);
const POLICY_KINDS = new Set(["TrafficPolicy", "RoutePolicy"]);
// backendRef group → kinds a route of Weir's may forward to.
const BACKEND_KINDS: Record<string, string[]> = { [WEIR]: ["LLMBackend"], [KGATEWAY]: ["Backend", "Upstream"], "": ["Service"] };

interface Ref {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export function selectObjects(all: KubeObject[], secrets: KubeObject[], gatewayClass: string): Selection {
  const byKey = new Map(all.map((o) => [objectKey(o), o]));
  const objects = new Map<ObjectKey, KubeObject>();
  const parentIndexes = new Map<ObjectKey, number[]>();
  const references = new Map<ObjectKey, ObjectKey[]>();
  const add = (o: KubeObject) => objects.set(objectKey(o), o);

  const gateways = all.filter((o) => o.kind === "Gateway" && o.spec?.gatewayClassName === gatewayClass);
  gateways.forEach(add);
  const ourGateway = (ns: string, name: string) => objects.has(keyOf("Gateway", ns, name));

  const routes: KubeObject[] = [];
  for (const route of all.filter((o) => o.kind === "HTTPRoute")) {
    const ns = namespaceOf(route);
    const parents: Ref[] = Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : [];
    const kept = parents
      .map((ref, i) => ({ ref, i }))
      .filter(({ ref }) => (ref.group ?? GATEWAY_API) === GATEWAY_API && (ref.kind ?? "Gateway") === "Gateway" && ourGateway(ref.namespace ?? ns, String(ref.name)));
    if (kept.length === 0) continue;
    const selected = { ...route, spec: { ...route.spec, parentRefs: kept.map((k) => k.ref) } };
    parentIndexes.set(objectKey(route), kept.map((k) => k.i));
    add(selected);
    routes.push(selected);
  }

  for (const o of all.filter((o) => ALWAYS_OURS.has(o.kind))) add(o);

  for (const route of routes) {
    const ns = namespaceOf(route);
    const refs: ObjectKey[] = [];
    for (const rule of asList(route.spec?.rules)) {
      for (const ref of asList<Ref>(rule?.backendRefs)) {
        const group = ref.group ?? "";
        const kind = ref.kind ?? "Service";
        if (!BACKEND_KINDS[group]?.includes(kind)) continue;
        const key = keyOf(kind, ref.namespace ?? ns, String(ref.name));
        refs.push(key);
        const backend = byKey.get(key);
        if (backend) add(backend);
      }
    }
    references.set(objectKey(route), refs);
  }

  for (const policy of all.filter((o) => POLICY_KINDS.has(o.kind) && o.apiVersion.startsWith(`${KGATEWAY}/`))) {
    const ns = namespaceOf(policy);
    const targets = [...asList<Ref>(policy.spec?.targetRefs), ...(policy.spec?.targetRef ? [policy.spec.targetRef as Ref] : [])];
    if (targets.some((t) => objects.has(keyOf(String(t.kind), ns, String(t.name))))) add(policy);
  }

  const secretRefs = new Set<string>();
  for (const [key, o] of objects) {
    const ns = namespaceOf(o);
    const names = secretReferences(o.spec).map((r) => `${r.namespace ?? ns}/${r.name}`);
    names.forEach((n) => secretRefs.add(n));
    if (names.length > 0) {
      references.set(key, [...(references.get(key) ?? []), ...names.map((n) => keyOf("Secret", n.split("/")[0], n.split("/")[1]))]);
    }
  }
  for (const secret of secrets) {
    if (secretRefs.has(`${namespaceOf(secret)}/${secret.metadata.name}`)) add(secret);
  }
  return { objects, parentIndexes, secretRefs, references };
}

/**
 * Every `secretRef: {name}` anywhere in a spec: LLMBackend and kgateway
 * Backend auth tokens, and whatever later kinds reference the same way.
 */
export function secretReferences(spec: unknown): { name: string; namespace?: string }[] {
  const found: { name: string; namespace?: string }[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== "object" || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      const ref = v as Ref;
      if (k === "secretRef" && typeof ref === "object" && ref !== null && typeof ref.name === "string") {
        found.push({ name: ref.name, ...(typeof ref.namespace === "string" ? { namespace: ref.namespace } : {}) });
      } else walk(v);
    }
  };
  walk(spec);
  return found;
}

function asList<T = any>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
