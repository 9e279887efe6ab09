// Test-side access to the API server as the admin: apply manifests the way
// `kubectl apply --server-side` does, read and delete objects, wait for CRDs,
// and mint ServiceAccount tokens. Resource paths come from the server's own
// discovery, so any kind it serves (CRDs included) works.
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import yaml from "js-yaml";
import { kubeClient, type KubeClient } from "../../controller/kube/kube-client.ts";

export interface TestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

const FIELD_MANAGER = "weir-tests";

export class Cluster {
  readonly client: KubeClient;
  private readonly resources = new Map<string, { plural: string; namespaced: boolean }>();

  constructor(kubeconfigPath: string) {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    this.client = kubeClient(kc);
  }

  /** Server-side apply of every document in `yaml` (or of the objects given), in order. */
  async apply(manifests: string | TestObject[]): Promise<TestObject[]> {
    // Plain YAML (Kubernetes' own dialect is the core schema): client-node's
    // loadAllYaml would turn known kinds into its typed models, renaming fields.
    const objects =
      typeof manifests === "string" ? (yaml.loadAll(manifests, undefined, { schema: yaml.CORE_SCHEMA }).filter(Boolean) as TestObject[]) : manifests;
    const applied: TestObject[] = [];
    for (const o of objects) {
      applied.push(await this.client.apply(await this.path(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace), o, FIELD_MANAGER));
      if (o.kind === "CustomResourceDefinition") await this.waitEstablished(o.metadata.name);
    }
    return applied;
  }

  /**
   * Replaces an object whole (GET, then PUT with its resourceVersion). For
   * Secrets written with stringData, which apply cannot shrink: the API
   * server turns stringData into data, so the applier owns no data keys.
   */
  async replace(o: TestObject): Promise<TestObject> {
    const path = await this.path(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
    const current = await this.client.get<TestObject>(path);
    return this.client.replace(path, { ...o, metadata: { ...o.metadata, resourceVersion: current.metadata.resourceVersion } });
  }

  async get<T = TestObject>(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<T | undefined> {
    return this.client.find<T>(await this.path(apiVersion, kind, name, namespace));
  }

  /**
   * The objects of a kind in a namespace as `kubectl get` shows them: the API
   * server's Table (the CRD's printer columns), cells by column name.
   * `wide` keeps the columns kubectl shows only with -o wide.
   */
  async table(apiVersion: string, kind: string, namespace: string, wide = false): Promise<Record<string, string>[]> {
    const table = await this.client.get<{ columnDefinitions: { name: string; priority?: number }[]; rows: { cells: unknown[] }[] }>(
      await this.collectionPath(apiVersion, kind, namespace),
      "application/json;as=Table;v=v1;g=meta.k8s.io",
    );
    const shown = table.columnDefinitions.flatMap((c, i) => (wide || !c.priority ? [[c.name, i] as const] : []));
    return table.rows.map((row) => Object.fromEntries(shown.map(([name, i]) => [name, String(row.cells[i] ?? "")])));
  }

  async delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<void> {
    await this.client.delete(await this.path(apiVersion, kind, name, namespace));
  }

  /** A token for a ServiceAccount (TokenRequest API), as a pod would get one. */
  async tokenFor(namespace: string, serviceAccount: string): Promise<string> {
    const path = `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`;
    const review = await this.client.create<{ status: { token: string } }>(path, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 3600 },
    });
    return review.status.token;
  }

  private async waitEstablished(name: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const crd = await this.client.find<{ status?: { conditions?: { type: string; status: string }[] } }>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      if (crd?.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) {
        this.resources.clear(); // discovery changed
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`CRD ${name} was not established within 30 s`);
  }

  private async path(apiVersion: string, kind: string, name: string, namespace?: string): Promise<string> {
    return `${await this.collectionPath(apiVersion, kind, namespace)}/${encodeURIComponent(name)}`;
  }

  private async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const key = `${apiVersion} ${kind}`;
    let resource = this.resources.get(key);
    if (!resource) {
      const list = await this.client.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(base);
      const found = list.resources.find((r) => r.kind === kind && !r.name.includes("/"));
      if (!found) throw new Error(`${apiVersion} ${kind} is not served`);
      resource = { plural: found.name, namespaced: found.namespaced };
      this.resources.set(key, resource);
    }
    const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
    return `${base}${ns}/${resource.plural}`;
  }
}

/** Rows of Cluster.table laid out as kubectl prints them: upper-case headers, columns padded. */
export function kubectlLines(rows: Record<string, string>[]): string[] {
  if (rows.length === 0) return ["No resources found."];
  const names = Object.keys(rows[0]);
  const widths = names.map((n) => Math.max(n.length, ...rows.map((r) => r[n].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("   ").trimEnd();
  return [line(names.map((n) => n.toUpperCase())), ...rows.map((r) => line(names.map((n) => r[n])))];
}
