// Which controller writes status. Every Envoy pod runs its own controller
// (they share the pod's xDS volume), and all of them render the same cluster
// state; one writer is enough and avoids replicas racing on each object. The
// holder of a coordination.k8s.io Lease writes; the others only render.
// Writers that briefly overlap (a takeover) write the same content, and
// status patches are conditional on resourceVersion, so overlap is harmless.
import { ApiError, type KubeClient } from "./kube-client.ts";

export interface LeaseOptions {
  namespace: string;
  name: string;
  identity: string;
  durationSeconds?: number;
  onChange(leading: boolean): void;
  log(message: string): void;
}

interface Lease {
  metadata: { resourceVersion?: string };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string; leaseTransitions?: number };
}

export class StatusLease {
  private leading = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly path: string;
  private readonly duration: number;
  /** The lease record last seen and when, by this process's clock (as client-go does: no clock skew between replicas). */
  private observed?: { record: string; at: number };

  constructor(
    private readonly client: KubeClient,
    private readonly options: LeaseOptions,
  ) {
    this.path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(options.namespace)}/leases`;
    this.duration = options.durationSeconds ?? 15;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.tick();
  }

  /** Stops renewing and, when leading, releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    try {
      const lease = await this.client.find<Lease>(`${this.path}/${this.options.name}`);
      if (lease?.spec?.holderIdentity === this.options.identity) {
        await this.client.replace(`${this.path}/${this.options.name}`, { ...lease, spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1 } });
      }
    } catch {
      // it expires by itself
    }
    this.set(false);
  }

  private async tick(): Promise<void> {
    try {
      this.set(await this.tryAcquireOrRenew());
    } catch (e) {
      // Not sure we still hold it: stop writing until a renew succeeds.
      if (!(e instanceof ApiError && e.statusCode === 409)) this.options.log(`status lease: ${(e as Error).message}`);
      this.set(false);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), (this.duration * 1000) / 3);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = microTime(new Date());
    const lease = await this.client.find<Lease>(`${this.path}/${this.options.name}`);
    const mine = { holderIdentity: this.options.identity, leaseDurationSeconds: this.duration, renewTime: now };
    if (!lease) {
      await this.client.create(this.path, {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: this.options.name, namespace: this.options.namespace },
        spec: { ...mine, acquireTime: now, leaseTransitions: 0 },
      });
      return true;
    }
    const spec = lease.spec ?? {};
    const held = spec.holderIdentity === this.options.identity;
    const record = `${spec.holderIdentity}@${spec.renewTime}`;
    if (this.observed?.record !== record) this.observed = { record, at: Date.now() };
    const expired = !spec.holderIdentity || Date.now() - this.observed.at > (spec.leaseDurationSeconds ?? this.duration) * 1000;
    if (!held && !expired) return false;
    // PUT carries the resourceVersion read above: two replicas taking over at once cannot both win.
    await this.client.replace(`${this.path}/${this.options.name}`, {
      ...lease,
      spec: held ? { ...spec, ...mine } : { ...spec, ...mine, acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 },
    });
    return true;
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.log(leading ? "writing status (lease acquired)" : "not writing status (lease not held)");
    this.options.onChange(leading);
  }
}

/** The API's MicroTime: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
