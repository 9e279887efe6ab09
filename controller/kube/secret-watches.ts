// Watches exactly the Secrets that selected objects reference, each on its
// own (a list and watch restricted to metadata.name). This is what lets RBAC
// grant the controller named Secrets only (a Role with resourceNames), and it
// keeps every other Secret out of the controller's memory. The set follows
// the references: a new secretRef starts a watch, a dropped one stops it.
import type { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import { Informer } from "./informer.ts";
import type { KubeClient } from "./kube-client.ts";
import type { KubeObject } from "./kube-object.ts";

export interface SecretWatchesOptions {
  onChange(): void;
  log(message: string): void;
}

export class SecretWatches {
  private readonly watches = new Map<string, Informer>();

  constructor(
    private readonly kc: KubeConfig,
    private readonly client: KubeClient,
    private readonly options: SecretWatchesOptions,
  ) {}

  /** Watches exactly these Secrets ("namespace/name"). */
  follow(refs: Set<string>): void {
    for (const [ref, informer] of this.watches) {
      if (refs.has(ref)) continue;
      void informer.stop();
      this.watches.delete(ref);
    }
    for (const ref of refs) {
      if (this.watches.has(ref)) continue;
      const [namespace, name] = ref.split("/");
      const informer = new Informer(this.kc, this.client, {
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
        fieldSelector: `metadata.name=${name}`,
        onChange: () => this.options.onChange(),
        onError: (e) => this.options.log(`watch Secret ${ref}: ${(e as Error).message ?? String(e)}`),
      });
      this.watches.set(ref, informer);
      informer.start();
    }
  }

  /** True while some watched Secret has neither been listed nor failed yet. */
  get pending(): boolean {
    return [...this.watches.values()].some((w) => w.state.kind === "listing");
  }

  snapshot(): KubeObject[] {
    return [...this.watches.values()].flatMap((w) => w.list().map((s) => ({ ...s, apiVersion: "v1", kind: "Secret" }) as KubeObject));
  }

  /** Referenced Secrets RBAC does not let the controller read. */
  forbidden(): string[] {
    return [...this.watches].filter(([, w]) => w.state.kind === "failing" && w.state.forbidden).map(([ref]) => ref);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
  }
}
