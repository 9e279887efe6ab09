// Renders what is valid, and never lets an invalid change replace what Envoy
// serves. The pipeline is all-or-nothing (any error, no config), which is
// right for `weir render` but would let one team's broken object freeze
// everybody's config in a cluster. So each object that fails steps down a
// ladder until the whole set renders:
//
//   1. its last accepted version, if it differs (a bad edit is undone);
//   2. also the last accepted versions of the Secrets it references (a
//      rotation to a broken or deleted key keeps the old key);
//   3. left out (it was never valid, or its dependencies are gone).
//
// Each step is taken only for objects that still fail, so a broken object
// never holds back anybody else's valid change. The problems found with each
// object's current version are returned for its status. Pure.
import { formatDiagnostic, type Diagnostic } from "../diagnostics.ts";
import { keyOf, namespaceOf, sameVersion, type KubeObject, type ObjectKey } from "./kube-object.ts";
import { secretReferences } from "./select-objects.ts";

export type PipelineResult<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export type Served = "current" | "previous" | "none";

export type FallbackOutcome<T> =
  | {
      ok: true;
      value: T;
      /** The objects rendered: current versions, last accepted ones, or absent. */
      rendered: Map<ObjectKey, KubeObject>;
      /** Problems with each object's current version (empty for objects without). */
      problems: Map<ObjectKey, Diagnostic[]>;
      warnings: Diagnostic[];
    }
  /** Nothing renders (a problem no object can be blamed for): keep serving the last good config. */
  | { ok: false; errors: Diagnostic[] };

export function renderWithFallback<T>(
  current: Map<ObjectKey, KubeObject>,
  lastAccepted: ReadonlyMap<ObjectKey, KubeObject>,
  render: (objects: KubeObject[]) => PipelineResult<T>,
): FallbackOutcome<T> {
  const candidate = new Map(current);
  const problems = new Map<ObjectKey, Diagnostic[]>();
  const step = new Map<ObjectKey, number>();
  // Every round moves at least one object one step down, and there are three steps.
  const maxRounds = 3 * (current.size + lastAccepted.size) + 1;
  for (let round = 0; round <= maxRounds; round++) {
    let result: PipelineResult<T>;
    try {
      result = render([...candidate.values()]);
    } catch (e) {
      return { ok: false, errors: [{ source: { file: "<controller>", line: 0 }, reason: `render failed: ${(e as Error).message}` }] };
    }
    if (result.ok) return { ok: true, value: result.value, rendered: candidate, problems, warnings: result.warnings };

    const failing = new Map<ObjectKey, Diagnostic[]>();
    for (const d of result.errors) failing.set(d.source.file, [...(failing.get(d.source.file) ?? []), d]);
    if ([...failing.keys()].some((key) => !candidate.has(key))) return { ok: false, errors: result.errors };

    for (const [key, diagnostics] of failing) {
      if (candidate.get(key) === current.get(key)) problems.set(key, merge(problems.get(key), diagnostics));
      stepDown(key, candidate, lastAccepted, step);
    }
  }
  return { ok: false, errors: [{ source: { file: "<controller>", line: 0 }, reason: "internal: fallback did not converge" }] };
}

function stepDown(
  key: ObjectKey,
  candidate: Map<ObjectKey, KubeObject>,
  lastAccepted: ReadonlyMap<ObjectKey, KubeObject>,
  step: Map<ObjectKey, number>,
): void {
  let at = step.get(key) ?? 0;
  const previous = lastAccepted.get(key);
  if (at < 1) {
    step.set(key, (at = 1));
    if (previous && !sameVersion(previous, candidate.get(key))) {
      candidate.set(key, previous);
      return;
    }
  }
  if (at < 2) {
    step.set(key, 2);
    const object = candidate.get(key)!;
    let restored = false;
    for (const ref of secretReferences(object.spec)) {
      const secretKey = keyOf("Secret", ref.namespace ?? namespaceOf(object), ref.name);
      const accepted = lastAccepted.get(secretKey);
      if (accepted && !sameVersion(accepted, candidate.get(secretKey))) {
        candidate.set(secretKey, accepted);
        restored = true;
      }
    }
    if (restored) return;
  }
  step.set(key, 3);
  candidate.delete(key);
}


function merge(into: Diagnostic[] | undefined, more: Diagnostic[]): Diagnostic[] {
  const seen = new Set((into ?? []).map(formatDiagnostic));
  return [...(into ?? []), ...more.filter((d) => !seen.has(formatDiagnostic(d)))];
}

/** What Envoy serves of an object after a fallback render. */
export function servedVersion(key: ObjectKey, current: KubeObject | undefined, rendered: ReadonlyMap<ObjectKey, KubeObject>): Served {
  const served = rendered.get(key);
  if (!served) return "none";
  return served === current || (current !== undefined && sameVersion(served, current)) ? "current" : "previous";
}
