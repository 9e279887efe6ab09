// From one render's outcome to the status patches the cluster needs: for
// every LLMBackend and AIPolicy, and every HTTPRoute attached to a Weir
// Gateway (or that was, and still carries Weir's parent entries). Pure.
import type { Diagnostic } from "../diagnostics.ts";
import { servedVersion } from "./fallback-render.ts";
import { keyOf, namespaceOf, objectKey, type KubeObject, type ObjectKey } from "./kube-object.ts";
import { secretReferences, type Selection } from "./select-objects.ts";
import { CONTROLLER_NAME, objectConditions, routeParentStatuses, type ObjectOutcome } from "./status-conditions.ts";
import { conditionsPatch, routeParentsPatch } from "./status-patches.ts";
import type { StatusUpdate } from "./status-writer.ts";

const CONDITION_KINDS = new Set(["LLMBackend", "AIPolicy"]);

export interface RenderFacts {
  /** Every object of the watched kinds, as the API server has them now. */
  snapshot: KubeObject[];
  selection: Selection;
  rendered: ReadonlyMap<ObjectKey, KubeObject>;
  problems: ReadonlyMap<ObjectKey, Diagnostic[]>;
  forbiddenSecrets: string[];
}

export function desiredStatuses(facts: RenderFacts, now: string): StatusUpdate[] {
  const updates: StatusUpdate[] = [];
  for (const object of facts.snapshot) {
    const key = objectKey(object);
    if (CONDITION_KINDS.has(object.kind)) {
      const patch = conditionsPatch(object, objectConditions(outcome(object, facts)), now);
      if (patch) updates.push({ object, patch });
    } else if (object.kind === "HTTPRoute") {
      const indexes = facts.selection.parentIndexes.get(key);
      const ours = indexes ? routeParentStatuses(outcome(object, facts), indexes) : [];
      const hadOurs = (object.status?.parents ?? []).some((p: { controllerName?: string }) => p.controllerName === CONTROLLER_NAME);
      if (!indexes && !hadOurs) continue;
      const patch = routeParentsPatch(object, ours, now);
      if (patch) updates.push({ object, patch });
    }
  }
  return updates;
}

function outcome(object: KubeObject, facts: RenderFacts): ObjectOutcome {
  const key = objectKey(object);
  const selected = facts.selection.objects.get(key);
  const served = servedVersion(key, selected, facts.rendered);
  const references = facts.selection.references.get(key) ?? [];
  const ns = namespaceOf(object);
  const secrets = secretReferences(object.spec).map((r) => `${r.namespace ?? ns}/${r.name}`);
  return {
    object,
    served,
    servedGeneration: served === "previous" ? facts.rendered.get(key)?.metadata.generation : undefined,
    problems: facts.problems.get(key) ?? [],
    unservedReferences: references.filter((r) => !r.startsWith("Secret ") && facts.selection.objects.has(r) && !facts.rendered.has(r)),
    staleReferences: [...new Set([...references, ...secrets.map((s) => keyOf("Secret", ...(s.split("/") as [string, string])))])].filter(
      (r) => facts.rendered.has(r) && facts.rendered.get(r) !== facts.selection.objects.get(r),
    ),
    forbiddenSecrets: secrets.filter((s) => facts.forbiddenSecrets.includes(s)),
  };
}

/** Kubernetes stores condition times to the second. */
export function statusTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
