// P4: soak. Many requests and streams through one variant, in ten slices, with
// Envoy's memory (admin /memory, RSS), the wasm VMs' linear memory (from
// /proc/<pid>/smaps, see procs.ts) and the wasm stats read before, after each
// slice and at the end. "Flat" means the VM's linear memory does not grow after
// the warm-up and Envoy's heap returns to its level: proxy-runtime issue #40
// reports steady growth with the AssemblyScript runtime of its time.

import { httpRequest, runLoad } from "./client.ts";
import { CLIENT_HEADERS, chatBody, type Variant } from "./stack.ts";
import { FAST_PATH } from "./overhead.ts";
import { sleep, vmMemory } from "./procs.ts";

export interface SoakSample {
  requests: number;
  streams: number;
  rss: number;
  heapAllocated: number;
  heapSize: number;
  vmSizes: number[];
  vmResident: number[];
}

export interface SoakResult {
  name: string;
  requests: number;
  streams: number;
  errors: number;
  firstError?: string;
  seconds: number;
  samples: SoakSample[];
  wasmBefore: Record<string, number>;
  wasmAfter: Record<string, number>;
  wasmProblems: string[];
  /** Where the first failure showed (errors and a wasm error logged), when the VM failed. */
  failedAt?: { requests: number; streams: number; problem: string };
}

export async function soak(v: Variant, requests: number, streams: number, log: (line: string) => void): Promise<SoakResult> {
  const port = v.envoy.listenerPort;
  const chat = httpRequest("POST", FAST_PATH, CLIENT_HEADERS, chatBody(false));
  const stream = httpRequest("POST", "/stream-short/v1/chat/completions", CLIENT_HEADERS, chatBody(true));
  let done = { requests: 0, streams: 0 };
  let errors = 0;
  let firstError: string | undefined;
  const started = Date.now();
  const sample = async (): Promise<SoakSample> => {
    await sleep(100); // let deferred deletes run
    const mem = await v.envoy.memory();
    const vm = vmMemory(v.envoy.pid);
    return { ...done, rss: v.envoy.rss(), heapAllocated: mem.allocated, heapSize: mem.heapSize, vmSizes: vm.sizes, vmResident: vm.resident };
  };
  const slice = async (n: number, m: number) => {
    const a = await runLoad({ port, request: chat, concurrency: 16, maxRequests: n, maxMs: 600_000 });
    const b = await runLoad({ port, request: stream, concurrency: 8, maxRequests: m, maxMs: 600_000, countEvents: true });
    errors += a.errors + b.errors;
    firstError ??= a.firstError ?? b.firstError;
    if (a.requests < n || b.requests < m) {
      errors++;
      firstError ??= `slice cut short: ${a.requests}/${n} requests, ${b.requests}/${m} streams`;
    }
    return { requests: a.requests, streams: b.requests };
  };
  const samples = [await sample()]; // the fresh Envoy, before any request
  // Warm-up (counted apart): pools, the VM's heap and V8's code reach their working size.
  await slice(Math.min(2000, requests), Math.min(200, streams));
  const wasmBefore = await v.envoy.wasmStats();
  samples.push(await sample());
  let failedAt: SoakResult["failedAt"];
  const SLICES = 10;
  for (let i = 0; i < SLICES; i++) {
    const n = Math.floor(requests * (i + 1) / SLICES) - Math.floor(requests * i / SLICES);
    const m = Math.floor(streams * (i + 1) / SLICES) - Math.floor(streams * i / SLICES);
    const got = await slice(n, m);
    done = { requests: done.requests + got.requests, streams: done.streams + got.streams };
    samples.push(await sample());
    const last = samples.at(-1)!;
    log(`  P4 ${v.name}: ${done.requests} requests, ${done.streams} streams; heap ${(last.heapAllocated / 1048576).toFixed(1)} MiB, ` +
      `VM linear memory ${last.vmSizes.map((s) => (s / 1024).toFixed(0) + " KiB").join(" + ")}, errors ${errors}`);
    const problems = v.envoy.wasmProblems();
    if (errors > 0 && problems.length > 0) {
      // The VM failed (Envoy answers 503 from here on, fail_open is false): nothing more to learn.
      failedAt = { ...done, problem: problems[0].replace(/^\[[^\]]*\]/, "") };
      break;
    }
  }
  return {
    name: v.name, requests: done.requests, streams: done.streams, errors, firstError,
    seconds: (Date.now() - started) / 1000, samples,
    wasmBefore, wasmAfter: await v.envoy.wasmStats(), wasmProblems: v.envoy.wasmProblems(), failedAt,
  };
}
