// The merge patch that brings an object's status to what it should say, or
// undefined when it already does (so an unchanged render writes nothing, and
// the watch event a status write causes does not loop). Conditions of other
// types, and HTTPRoute parents of other controllers, are kept as they are.
// lastTransitionTime changes only when a condition's status does. Pure.
import { CONTROLLER_NAME, type Condition, type RouteParentStatus } from "./status-conditions.ts";
import type { KubeObject } from "./kube-object.ts";

type StoredCondition = Condition & { lastTransitionTime: string };

export function conditionsPatch(object: KubeObject, desired: Condition[], now: string): object | undefined {
  const existing: StoredCondition[] = object.status?.conditions ?? [];
  const merged = mergeConditions(existing, desired, now);
  const others = existing.filter((c) => !desired.some((d) => d.type === c.type));
  if (sameConditions(existing, [...others, ...merged])) return undefined;
  return withVersion(object, { status: { conditions: [...others, ...merged] } });
}

export function routeParentsPatch(object: KubeObject, desired: RouteParentStatus[], now: string): object | undefined {
  const existing: (RouteParentStatus & { conditions: StoredCondition[] })[] = object.status?.parents ?? [];
  const foreign = existing.filter((p) => p.controllerName !== CONTROLLER_NAME);
  const ours = desired.map((p) => {
    const before = existing.find((e) => e.controllerName === CONTROLLER_NAME && sameJson(e.parentRef, p.parentRef));
    return { ...p, conditions: mergeConditions(before?.conditions ?? [], p.conditions, now) };
  });
  const next = [...foreign, ...ours];
  const same =
    next.length === existing.length &&
    next.every((p, i) => p.controllerName === existing[i].controllerName && sameJson(p.parentRef, existing[i].parentRef) && sameConditions(existing[i].conditions, p.conditions));
  return same ? undefined : withVersion(object, { status: { parents: next } });
}

function mergeConditions(existing: StoredCondition[], desired: Condition[], now: string): StoredCondition[] {
  return desired.map((d) => {
    const before = existing.find((c) => c.type === d.type);
    return { ...d, lastTransitionTime: before && before.status === d.status ? before.lastTransitionTime : now };
  });
}

function sameConditions(a: StoredCondition[], b: StoredCondition[]): boolean {
  const key = (c: StoredCondition) => JSON.stringify([c.type, c.status, c.reason, c.message, c.observedGeneration ?? null, c.lastTransitionTime]);
  return a.length === b.length && a.every((c, i) => key(c) === key(b[i]));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

// The resourceVersion makes the patch conditional: if the object changed since
// it was read, the API server answers 409 and the next render, triggered by
// that change, writes again from fresh data.
function withVersion(object: KubeObject, patch: { status: object }): object {
  return { metadata: { resourceVersion: object.metadata.resourceVersion }, ...patch };
}
