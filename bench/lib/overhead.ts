// P1: request overhead. The same 1 KiB chat request to the fast upstream through
// every variant, in rounds; within a round each variant gets a latency run (one
// connection, closed loop) and a throughput run (N connections), in an order
// that rotates from round to round. Envoy's CPU time per request is read from
// /proc during the throughput run: on a shared 2-core machine it is steadier
// than wall-clock time, and it is what the filter actually costs.

import { runLoad, httpRequest, quantile } from "./client.ts";
import { median } from "./stats.ts";
import { CLIENT_HEADERS, chatBody, type Variant } from "./stack.ts";
import { HAVE_WRK, runWrk, wrkScript } from "./wrk.ts";

export interface RunSample {
  p50Us: number;
  p99Us: number;
  rps: number;
  requests: number;
  errors: number;
}

export interface RoundSample {
  latency: RunSample;
  throughput: RunSample;
  /** Envoy CPU µs per request during the throughput run. */
  cpuUsPerRequest: number;
  /** Envoy CPU busy fraction during the throughput run (1 = the gateway core was saturated). */
  envoyBusy: number;
}

export interface OverheadOptions {
  rounds: number;
  seconds: number;
  connections: number;
  path: string;
  useWrk: boolean;
}

export interface OverheadResult {
  generator: string;
  samples: Map<string, RoundSample[]>;
}

export const FAST_PATH = "/fast/v1/chat/completions";

async function oneRun(variant: Variant, script: string | undefined, connections: number, seconds: number): Promise<RunSample> {
  if (script) {
    const r = await runWrk(script, variant.envoy.listenerPort, connections, seconds);
    return { p50Us: r.p50Us, p99Us: r.p99Us, rps: r.rps, requests: r.requests, errors: r.errors };
  }
  const r = await runLoad({
    port: variant.envoy.listenerPort,
    request: httpRequest("POST", FAST_PATH, CLIENT_HEADERS, chatBody(false)),
    concurrency: connections,
    maxRequests: 2_000_000,
    maxMs: seconds * 1000,
  });
  return {
    p50Us: quantile(r.latenciesUs, 0.5), p99Us: quantile(r.latenciesUs, 0.99),
    rps: r.requests / (r.elapsedNs / 1e9), requests: r.requests, errors: r.errors,
  };
}

export async function measureOverhead(variants: Variant[], options: OverheadOptions, log: (line: string) => void): Promise<OverheadResult> {
  const script = options.useWrk && HAVE_WRK
    ? wrkScript({ method: "POST", path: options.path, headers: CLIENT_HEADERS, body: chatBody(false) })
    : undefined;
  const samples = new Map<string, RoundSample[]>(variants.map((v) => [v.name, []]));
  // Warm-up: V8 tiers the wasm code up, Envoy and the upstream fill their pools.
  for (const v of variants) {
    const w = await oneRun(v, script, options.connections, Math.max(1, Math.round(options.seconds / 2)));
    if (w.errors > 0) throw new Error(`${v.name}: ${w.errors} errors in the warm-up (is the route answering 200?)`);
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const v of order) {
      const latency = await oneRun(v, script, 1, options.seconds);
      const cpu0 = v.envoy.cpuNs();
      const t0 = process.hrtime.bigint();
      const throughput = await oneRun(v, script, options.connections, options.seconds);
      const wallNs = Number(process.hrtime.bigint() - t0);
      const cpuNs = v.envoy.cpuNs() - cpu0;
      samples.get(v.name)!.push({
        latency, throughput,
        cpuUsPerRequest: cpuNs / 1000 / Math.max(1, throughput.requests),
        envoyBusy: cpuNs / wallNs,
      });
    }
    log(`  P1 round ${round + 1}/${options.rounds}: ` + variants.map((v) => {
      const s = samples.get(v.name)!.at(-1)!;
      return `${v.name} ${s.latency.p50Us.toFixed(0)}µs/${(s.throughput.rps / 1000).toFixed(1)}k`;
    }).join(", "));
  }
  return { generator: script ? "wrk" : "node client (bench/lib/client.ts)", samples };
}

export interface OverheadSummary {
  name: string;
  p50Us: number;
  p99Us: number;
  rps: number;
  cpuUsPerRequest: number;
  envoyBusy: number;
  errors: number;
  /** Paired per round against the baseline variant, then the median over rounds. */
  addedP50Us: number;
  rpsRatio: number;
  addedCpuUs: number;
}

export function summarizeOverhead(result: OverheadResult, baseline: string): OverheadSummary[] {
  const base = result.samples.get(baseline)!;
  return [...result.samples.entries()].map(([name, s]) => {
    const paired = (f: (x: RoundSample, b: RoundSample) => number) => median(s.map((x, i) => f(x, base[i])));
    return {
      name,
      p50Us: median(s.map((x) => x.latency.p50Us)),
      p99Us: median(s.map((x) => x.latency.p99Us)),
      rps: median(s.map((x) => x.throughput.rps)),
      cpuUsPerRequest: median(s.map((x) => x.cpuUsPerRequest)),
      envoyBusy: median(s.map((x) => x.envoyBusy)),
      errors: s.reduce((n, x) => n + x.latency.errors + x.throughput.errors, 0),
      addedP50Us: paired((x, b) => x.latency.p50Us - b.latency.p50Us),
      rpsRatio: paired((x, b) => x.throughput.rps / b.throughput.rps),
      addedCpuUs: paired((x, b) => x.cpuUsPerRequest - b.cpuUsPerRequest),
    };
  });
}
