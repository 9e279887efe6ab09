// Informers for every watched kind, as one store: a snapshot of all objects
// (with apiVersion and kind set, which list responses leave out), and whether
// every kind has been listed. Optional kinds (kgateway's, AIPolicy) are
// watched once the API server serves them, checked again every minute so a
// CRD installed later is picked up without a restart.
import type { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import { Informer } from "./informer.ts";
import type { KubeClient } from "./kube-client.ts";
import type { KubeObject } from "./kube-object.ts";
import { apiVersionOf, collectionPath, groupVersionPath, WATCHED_KINDS, type WatchedKind } from "./watched-kinds.ts";

const DISCOVERY_INTERVAL_MS = 60_000;

export interface ClusterObjectsOptions {
  onChange(): void;
  log(message: string): void;
}

export class ClusterObjects {
  private readonly informers = new Map<WatchedKind, Informer>();
  private discoveryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly client: KubeClient,
    private readonly options: ClusterObjectsOptions,
  ) {}

  async start(): Promise<void> {
    for (const kind of WATCHED_KINDS.filter((k) => !k.optional)) this.watch(kind);
    await this.discoverOptionalKinds();
    const again = () => {
      this.discoveryTimer = setTimeout(async () => {
        await this.discoverOptionalKinds();
        if (!this.stopped) again();
      }, DISCOVERY_INTERVAL_MS);
    };
    again();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.discoveryTimer);
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** True once every watched kind has been listed at least once. */
  get synced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced);
  }

  /** Kinds watched so far (optional kinds appear once their CRD is served). */
  get watchedKinds(): WatchedKind[] {
    return [...this.informers.keys()];
  }

  snapshot(): KubeObject[] {
    return [...this.informers].flatMap(([kind, informer]) =>
      informer.list().map((o) => ({ ...o, apiVersion: apiVersionOf(kind), kind: kind.kind }) as KubeObject),
    );
  }

  private watch(kind: WatchedKind): void {
    const informer = new Informer(this.kc, this.client, {
      path: collectionPath(kind),
      onChange: () => this.options.onChange(),
      onError: (e) => this.options.log(`watch ${kind.kind}: ${(e as Error).message ?? String(e)}`),
    });
    this.informers.set(kind, informer);
    informer.start();
  }

  private async discoverOptionalKinds(): Promise<void> {
    const missing = WATCHED_KINDS.filter((k) => k.optional && !this.informers.has(k));
    const byGroupVersion = new Map<string, WatchedKind[]>();
    for (const k of missing) byGroupVersion.set(groupVersionPath(k), [...(byGroupVersion.get(groupVersionPath(k)) ?? []), k]);
    for (const [path, kinds] of byGroupVersion) {
      let served: string[];
      try {
        const list = await this.client.find<{ resources?: { name: string }[] }>(path);
        served = (list?.resources ?? []).map((r) => r.name);
      } catch (e) {
        this.options.log(`discovery ${path}: ${(e as Error).message}`);
        continue;
      }
      for (const kind of kinds.filter((k) => served.includes(k.plural))) {
        if (this.stopped) return;
        this.options.log(`watching ${kind.kind} (${apiVersionOf(kind)})`);
        this.watch(kind);
      }
    }
  }
}
