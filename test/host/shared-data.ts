// Shared key/value data with compare-and-swap, and shared queues (proxy-wasm-cpp-host semantics).
// In Envoy both are shared by every VM with the same vm_id; here they belong to one host.

import { WasmResult } from "./constants.ts";

export class SharedData {
  private readonly entries = new Map<string, { value: Uint8Array; cas: number }>();
  private nextCasValue = 1;

  get(key: string): { value: Uint8Array; cas: number } | null {
    return this.entries.get(key) ?? null;
  }

  /** cas 0 always writes; otherwise it must match the stored cas (CasMismatch). */
  set(key: string, value: Uint8Array, cas: number): number {
    const entry = this.entries.get(key);
    if (entry && cas !== 0 && cas !== entry.cas) return WasmResult.CasMismatch;
    this.entries.set(key, { value: value.slice(), cas: this.nextCas() });
    return WasmResult.Ok;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  private nextCas(): number {
    const cas = this.nextCasValue;
    this.nextCasValue = (this.nextCasValue + 1) >>> 0 || 1;
    return cas;
  }
}

interface Queue {
  vmId: string;
  name: string;
  contextId: number;
  items: Uint8Array[];
}

export class SharedQueues {
  private readonly queues = new Map<number, Queue>();
  private nextToken = 1;

  /** Registering an existing name keeps its items and token but moves notifications to contextId. */
  register(vmId: string, name: string, contextId: number): number {
    for (const [token, q] of this.queues) {
      if (q.vmId === vmId && q.name === name) {
        q.contextId = contextId;
        return token;
      }
    }
    const token = this.nextToken++;
    this.queues.set(token, { vmId, name, contextId, items: [] });
    return token;
  }

  resolve(vmId: string, name: string): number | null {
    for (const [token, q] of this.queues) if (q.vmId === vmId && q.name === name) return token;
    return null;
  }

  /** Returns the context to notify (proxy_on_queue_ready), or null for an unknown token. */
  enqueue(token: number, data: Uint8Array): number | null {
    const q = this.queues.get(token);
    if (!q) return null;
    q.items.push(data.slice());
    return q.contextId;
  }

  dequeue(token: number): { result: number; data: Uint8Array } {
    const q = this.queues.get(token);
    if (!q) return { result: WasmResult.NotFound, data: new Uint8Array(0) };
    const data = q.items.shift();
    if (!data) return { result: WasmResult.Empty, data: new Uint8Array(0) };
    return { result: WasmResult.Ok, data };
  }
}
