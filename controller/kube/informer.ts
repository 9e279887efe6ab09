// One list+watch (client-node's ListWatch informer) that keeps running: the
// library stops for good on any error, so this restarts it with backoff, and
// it says when the first list has been applied ("synced"), which the
// controller waits for before it renders anything: rendering a half-listed
// cluster would publish a config missing objects that exist.
import { ListWatch } from "@kubernetes/client-node/dist/cache.js";
import type { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import type { KubernetesObject } from "@kubernetes/client-node/dist/types.js";
import { HttpWatch } from "./http-watch.ts";
import { ApiError, type KubeClient } from "./kube-client.ts";

export interface InformerOptions {
  /** Collection path, e.g. /apis/weir.dev/v1alpha1/llmbackends. */
  path: string;
  /** Restricts list and watch, e.g. "metadata.name=openai-key". */
  fieldSelector?: string;
  /** Called after every change to the cached objects, and once the first list is applied. */
  onChange(): void;
  /** Called with each failure (the informer retries by itself). */
  onError?(error: unknown): void;
}

export type InformerState =
  | { kind: "listing" }
  | { kind: "synced" }
  /** The last list or watch failed; retrying. `forbidden` when RBAC denied it. */
  | { kind: "failing"; error: unknown; forbidden: boolean };

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export class Informer<T extends KubernetesObject = KubernetesObject> {
  private readonly listWatch: ListWatch<T>;
  private stopped = false;
  private backoffMs = MIN_BACKOFF_MS;
  private retryTimer?: NodeJS.Timeout;
  private current: InformerState = { kind: "listing" };
  /** Whether a list has succeeded at least once (the cache then holds real data). */
  private everSynced = false;
  /** The last failure reported, so that retries failing the same way are reported once. */
  private lastError?: string;

  constructor(kc: KubeConfig, client: KubeClient, private readonly options: InformerOptions) {
    const query = options.fieldSelector ? `?fieldSelector=${encodeURIComponent(options.fieldSelector)}` : "";
    const list = async () => {
      const result = await client.get(`${options.path}${query}`);
      // ListWatch applies the items right after this resolves; report the
      // sync once it has.
      setImmediate(() => this.listed());
      return result;
    };
    this.listWatch = new ListWatch<T>(options.path, new HttpWatch(kc) as never, list, false, undefined, options.fieldSelector);
    this.listWatch.on("change", () => options.onChange());
    this.listWatch.on("error", (error: unknown) => this.failed(error));
    // A reconnect after a failure resumes from the last resourceVersion
    // without a new list: the cache is current again.
    this.listWatch.on("connect", () => {
      if (this.everSynced && this.current.kind === "failing") this.current = { kind: "synced" };
    });
  }

  start(): void {
    this.stopped = false;
    void this.listWatch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.listWatch.stop();
  }

  get state(): InformerState {
    return this.current;
  }

  /** True once the cache has been filled by a successful list (it may be failing since). */
  get hasSynced(): boolean {
    return this.everSynced;
  }

  list(): readonly T[] {
    return this.listWatch.list();
  }

  private listed(): void {
    if (this.stopped) return;
    this.current = { kind: "synced" };
    this.everSynced = true;
    this.lastError = undefined;
    this.backoffMs = MIN_BACKOFF_MS;
    this.options.onChange();
  }

  private failed(error: unknown): void {
    if (this.stopped) return;
    const status = error instanceof ApiError ? error.statusCode : (error as { statusCode?: number }).statusCode;
    this.current = { kind: "failing", error, forbidden: status === 403 };
    const message = (error as Error)?.message ?? String(error);
    if (message !== this.lastError) this.options.onError?.(error);
    this.lastError = message;
    this.options.onChange();
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) void this.listWatch.start();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}
