// Applies status patches to the API server's /status subresource. A 409
// (the object changed since it was read) or 404 (it is gone) is expected and
// left to the next render, which that very change triggers.
import { ApiError, type KubeClient } from "./kube-client.ts";
import type { KubeObject } from "./kube-object.ts";
import { findWatchedKind, objectPath } from "./watched-kinds.ts";

export interface StatusUpdate {
  object: KubeObject;
  patch: object;
}

export async function writeStatuses(client: KubeClient, updates: StatusUpdate[], log: (message: string) => void): Promise<number> {
  let written = 0;
  for (const { object, patch } of updates) {
    const kind = findWatchedKind(object.apiVersion, object.kind);
    if (!kind) continue;
    const path = `${objectPath(kind, object.metadata.namespace ?? "default", object.metadata.name)}/status`;
    try {
      await client.mergePatch(path, patch);
      written++;
    } catch (e) {
      if (e instanceof ApiError && (e.statusCode === 409 || e.statusCode === 404)) continue;
      log(`status ${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${(e as Error).message}`);
    }
  }
  return written;
}
