// The loop of `weir run`: when anything watched changes, wait for the burst
// to settle (debounce), then render the cluster's objects with the same
// pipeline as `weir render`, publish the result to Envoy's xDS directory, and
// write status. One pass at a time; changes during a pass cause one more.
import type { Diagnostic } from "../diagnostics.ts";
import { formatDiagnostic } from "../diagnostics.ts";
import yaml from "js-yaml";
import { render, type RenderOptions } from "../pipeline/render.ts";
import { saveAccepted } from "./accepted-state.ts";
import type { ClusterObjects } from "./cluster-objects.ts";
import { desiredStatuses, statusTime } from "./desired-statuses.ts";
import { renderWithFallback, type PipelineResult } from "./fallback-render.ts";
import type { KubeClient } from "./kube-client.ts";
import { sameVersion, trimmed, type KubeObject, type ObjectKey } from "./kube-object.ts";
import type { SecretWatches } from "./secret-watches.ts";
import { selectObjects } from "./select-objects.ts";
import { writeStatuses } from "./status-writer.ts";
import { toSources } from "./to-sources.ts";
import { xdsFiles } from "./xds-files.ts";
import { xdsResources } from "./xds-resources.ts";
import type { XdsWriter } from "./xds-writer.ts";

export interface ReconcilerOptions {
  render: RenderOptions;
  gatewayClass: string;
  /** The xDS directory as Envoy sees it (written into the listeners' RDS/ECDS sources). */
  envoyXdsDir: string;
  /** Where the writer's directory is, for the accepted-objects file. */
  outputDir: string;
  /** Quiet time after the last change before rendering. */
  debounceMs: number;
  /** Longest a burst of changes may delay a render. */
  maxDelayMs: number;
  /** Longest to wait for referenced Secrets' first list before rendering without them. */
  secretWaitMs: number;
  log(message: string): void;
}

export interface Parts {
  cluster: ClusterObjects;
  secrets: SecretWatches;
  writer: XdsWriter;
  client: KubeClient;
  /** Whether this process writes status (it holds the lease, or there is none). */
  writesStatus(): boolean;
}

export class Reconciler {
  private lastAccepted: Map<ObjectKey, KubeObject>;
  private timer?: NodeJS.Timeout;
  private firstChangeAt?: number;
  private running = false;
  private again = false;
  private stopped = false;
  private secretsPendingSince?: number;
  private secretsTimer?: NodeJS.Timeout;
  /** Summary of the last problems logged, so an unchanged problem is not logged on every pass. */
  private lastProblems = "";

  constructor(
    private readonly parts: Parts,
    private readonly options: ReconcilerOptions,
    lastAccepted: Map<ObjectKey, KubeObject>,
  ) {
    this.lastAccepted = lastAccepted;
  }

  /** Something changed: render soon. */
  changed(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstChangeAt ??= now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.debounceMs, this.firstChangeAt + this.options.maxDelayMs - now));
    this.timer = setTimeout(() => void this.pass(), wait);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.secretsTimer);
  }

  private async pass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const since = this.firstChangeAt ?? Date.now();
    this.firstChangeAt = undefined;
    try {
      await this.reconcile(since);
    } catch (e) {
      this.options.log(`reconcile failed: ${(e as Error).stack ?? String(e)}`);
    } finally {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.changed();
      }
    }
  }

  private async reconcile(since: number): Promise<void> {
    const { cluster, secrets, writer, client } = this.parts;
    if (!cluster.synced) return; // every informer reports its first list; that triggers the next pass
    const snapshot = cluster.snapshot();
    secrets.follow(selectObjects(snapshot, [], this.options.gatewayClass).secretRefs);
    if (secrets.pending) {
      this.secretsPendingSince ??= Date.now();
      if (Date.now() - this.secretsPendingSince < this.options.secretWaitMs) {
        // Each Secret's first list triggers a pass; this one is for those that never answer.
        this.secretsTimer ??= setTimeout(() => {
          this.secretsTimer = undefined;
          this.changed();
        }, this.options.secretWaitMs);
        return;
      }
      this.options.log("some referenced Secrets are still not listed; rendering without them");
    }
    this.secretsPendingSince = undefined;

    const selection = selectObjects(snapshot, secrets.snapshot(), this.options.gatewayClass);
    const outcome = renderWithFallback(selection.objects, this.lastAccepted, (objects) => this.render(objects));
    if (!outcome.ok) {
      this.logProblems(outcome.errors, "nothing published, Envoy keeps its config");
      return;
    }
    this.logProblems([...outcome.problems.values()].flat(), "left out or kept at their last accepted version");

    const files = xdsFiles(xdsResources(outcome.value, { dir: this.options.envoyXdsDir }));
    const written = writer.publish(files);
    const accepted = new Map([...outcome.rendered].map(([k, o]) => [k, trimmed(o)]));
    if (written.length > 0 || !sameObjects(accepted, this.lastAccepted)) saveAccepted(this.options.outputDir, accepted);
    this.lastAccepted = accepted;
    if (written.length > 0) {
      this.options.log(`published ${written.join(", ")} ${Date.now() - since} ms after the change`);
    }

    if (!this.parts.writesStatus()) return;
    const updates = desiredStatuses(
      { snapshot, selection, rendered: outcome.rendered, problems: outcome.problems, forbiddenSecrets: secrets.forbidden() },
      statusTime(new Date()),
    );
    if (updates.length > 0) await writeStatuses(client, updates, this.options.log);
  }

  private render(objects: KubeObject[]): PipelineResult<object> {
    const result = render(toSources(objects), this.options.render);
    if (!result.ok) return { ok: false, errors: result.errors, warnings: result.warnings };
    // The bootstrap `weir render` would write, read back: exactly that
    // pipeline's output, split into xDS resources by xds-resources.ts.
    return { ok: true, value: yaml.load(result.envoyYaml) as object, warnings: result.warnings };
  }

  private logProblems(problems: Diagnostic[], consequence: string): void {
    const text = problems.map(formatDiagnostic).sort().join("\n  ");
    if (text === this.lastProblems) return;
    this.lastProblems = text;
    if (text) this.options.log(`invalid objects (${consequence}):\n  ${text}`);
  }
}

function sameObjects(a: Map<ObjectKey, KubeObject>, b: Map<ObjectKey, KubeObject>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, o] of a) if (!sameVersion(o, b.get(k))) return false;
  return true;
}
