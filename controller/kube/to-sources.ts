// Cluster objects → the render pipeline's input: one "file" per object, its
// name the object's key, so each diagnostic the pipeline reports names the
// object it is about (source.file), even problems found before the object's
// name is known. JSON is YAML, so the pipeline's loader reads it as is.
//
// Only what a manifest would hold is passed on: the server's bookkeeping
// (status, managedFields, resourceVersion) would be rejected as unknown
// fields, and annotations may quote a Secret (kubectl's last-applied copy).
import type { SourceFile } from "../load/types.ts";
import { objectKey, type KubeObject } from "./kube-object.ts";

export function toSources(objects: Iterable<KubeObject>): SourceFile[] {
  return [...objects].map((o) => ({ file: objectKey(o), text: JSON.stringify(manifestOf(o)) }));
}

function manifestOf(o: KubeObject): object {
  const { apiVersion, kind, metadata } = o;
  const meta = { name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) };
  if (kind === "Secret") return { apiVersion, kind, metadata: meta, ...(o.data ? { data: o.data } : {}) };
  return { apiVersion, kind, metadata: meta, ...(o.spec === undefined ? {} : { spec: o.spec }) };
}
