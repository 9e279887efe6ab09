// The slice of a Kubernetes object the controller reads, and the key it is
// known by everywhere: "Kind namespace/name", the same text the render
// pipeline's diagnostics use to name an object.

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export type ObjectKey = string;

export function objectKey(o: Pick<KubeObject, "kind" | "metadata">): ObjectKey {
  return keyOf(o.kind, o.metadata.namespace ?? "default", o.metadata.name);
}

export function keyOf(kind: string, namespace: string, name: string): ObjectKey {
  return `${kind} ${namespace}/${name}`;
}

export function namespaceOf(o: KubeObject): string {
  return o.metadata.namespace ?? "default";
}

/** The object without server bookkeeping or annotations: what is worth keeping in memory or on disk. */
export function trimmed(o: KubeObject): KubeObject {
  const { name, namespace, uid, generation, resourceVersion } = o.metadata;
  const metadata = { name, ...(namespace ? { namespace } : {}), uid, ...(generation === undefined ? {} : { generation }), resourceVersion };
  const { apiVersion, kind, spec, data } = o;
  return { apiVersion, kind, metadata, ...(spec === undefined ? {} : { spec }), ...(data === undefined ? {} : { data }) };
}

/**
 * Whether two reads are the same version of the same object's content.
 * Kinds with a generation (it counts spec changes) compare it, so that a
 * status write, which changes the resourceVersion, is not a new version;
 * kinds without (Secrets, Services) compare the resourceVersion.
 */
export function sameVersion(a: KubeObject, b: KubeObject | undefined): boolean {
  if (!b) return false;
  if (a === b) return true;
  if (a.metadata.uid !== b.metadata.uid) return false;
  if (a.metadata.generation !== undefined || b.metadata.generation !== undefined) return a.metadata.generation === b.metadata.generation;
  return a.metadata.resourceVersion !== undefined && a.metadata.resourceVersion === b.metadata.resourceVersion;
}
