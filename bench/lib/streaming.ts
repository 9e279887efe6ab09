// P2: streaming. OpenAI SSE streams from the mock provider through each
// variant, one event per upstream write. The mock paces the stream (it is the
// slowest party), so wall-clock time per stream barely moves with the filter;
// what the filter costs shows in Envoy's CPU time. Per-event cost:
//
//   slope(variant) = (CPU per long stream − CPU per short stream) / (events long − events short)
//   per-event cost = slope(variant) − slope(plain), paired per round, median over rounds
//
// The short stream takes the per-stream part (headers, context, request body)
// out of the slope, so the figure is the cost of one more event.
//
// Memory per open stream: K streams held open at once (the slow mock pauses
// between events), Envoy's heap, RSS and the VMs' linear memory sampled while
// they are open, minus the idle figures, divided by K.

import { httpRequest, quantile, runLoad } from "./client.ts";
import { median } from "./stats.ts";
import { CLIENT_HEADERS, chatBody, type Variant } from "./stack.ts";
import { sleep, vmMemory } from "./procs.ts";

export interface StreamOptions {
  rounds: number;
  longStreams: number;
  shortStreams: number;
  concurrency: number;
}

interface StreamRound {
  cpuLongNs: number;
  cpuShortNs: number;
  eventsLong: number;
  eventsShort: number;
  wallLongMs: number;
  errors: number;
}

export interface StreamSummary {
  name: string;
  eventsPerLongStream: number;
  /** Envoy CPU ns per event (slope). */
  nsPerEvent: number;
  /** Added over plain Envoy, paired per round. */
  addedNsPerEvent: number;
  wallLongMs: number;
  errors: number;
}

const request = (path: string) => httpRequest("POST", path, CLIENT_HEADERS, chatBody(true));

async function streams(v: Variant, path: string, count: number, concurrency: number) {
  const cpu0 = v.envoy.cpuNs();
  const r = await runLoad({ port: v.envoy.listenerPort, request: request(path), concurrency, maxRequests: count, maxMs: 120_000, countEvents: true });
  return { cpuNs: v.envoy.cpuNs() - cpu0, ...r };
}

export async function measureStreaming(variants: Variant[], o: StreamOptions, log: (line: string) => void): Promise<StreamSummary[]> {
  const rounds = new Map<string, StreamRound[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) {
    await streams(v, "/stream-long/v1/chat/completions", Math.min(8, o.longStreams), o.concurrency); // warm-up
    await streams(v, "/stream-short/v1/chat/completions", Math.min(40, o.shortStreams), o.concurrency);
  }
  for (let round = 0; round < o.rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const v of order) {
      const long = await streams(v, "/stream-long/v1/chat/completions", o.longStreams, o.concurrency);
      const short = await streams(v, "/stream-short/v1/chat/completions", o.shortStreams, o.concurrency);
      rounds.get(v.name)!.push({
        cpuLongNs: long.cpuNs / Math.max(1, long.requests),
        cpuShortNs: short.cpuNs / Math.max(1, short.requests),
        eventsLong: long.events / Math.max(1, long.requests),
        eventsShort: short.events / Math.max(1, short.requests),
        wallLongMs: quantile(long.latenciesUs, 0.5) / 1000,
        errors: long.errors + short.errors + (long.requests < o.longStreams ? 1 : 0),
      });
    }
    log(`  P2 round ${round + 1}/${o.rounds}: ` + variants.map((v) => {
      const r = rounds.get(v.name)!.at(-1)!;
      return `${v.name} ${(slope(r) / 1000).toFixed(2)}µs/event`;
    }).join(", "));
  }
  const base = rounds.get(variants[0].name)!;
  return variants.map((v) => {
    const rs = rounds.get(v.name)!;
    return {
      name: v.name,
      eventsPerLongStream: median(rs.map((r) => r.eventsLong)),
      nsPerEvent: median(rs.map(slope)),
      addedNsPerEvent: median(rs.map((r, i) => slope(r) - slope(base[i]))),
      wallLongMs: median(rs.map((r) => r.wallLongMs)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
    };
  });
}

function slope(r: StreamRound): number {
  return (r.cpuLongNs - r.cpuShortNs) / Math.max(1, r.eventsLong - r.eventsShort);
}

export interface OpenStreamMemory {
  name: string;
  streams: number;
  rssPerStream: number;
  heapPerStream: number;
  vmPerStream: number;
  vmBefore: number;
  vmDuring: number;
  errors: number;
}

/** Holds `count` slow streams open on each variant and samples memory while they are. */
export async function measureOpenStreams(variants: Variant[], count: number, sampleAfterMs: number): Promise<OpenStreamMemory[]> {
  const out: OpenStreamMemory[] = [];
  for (const v of variants) {
    const vmTotal = () => vmMemory(v.envoy.pid).sizes.reduce((a, b) => a + b, 0);
    // One pass first, so that pools and the VM reach their working size.
    await runLoad({ port: v.envoy.listenerPort, request: request("/stream-slow/v1/chat/completions"), concurrency: count, maxRequests: count, maxMs: 60_000, countEvents: true });
    await sleep(200);
    const before = { rss: v.envoy.rss(), heap: (await v.envoy.memory()).allocated, vm: vmTotal() };
    const load = runLoad({ port: v.envoy.listenerPort, request: request("/stream-slow/v1/chat/completions"), concurrency: count, maxRequests: count, maxMs: 60_000, countEvents: true });
    await sleep(sampleAfterMs);
    const during = { rss: v.envoy.rss(), heap: (await v.envoy.memory()).allocated, vm: vmTotal() };
    const done = await load;
    out.push({
      name: v.name,
      streams: count,
      rssPerStream: (during.rss - before.rss) / count,
      heapPerStream: (during.heap - before.heap) / count,
      vmPerStream: (during.vm - before.vm) / count,
      vmBefore: before.vm,
      vmDuring: during.vm,
      errors: done.errors + (done.requests < count ? 1 : 0),
    });
  }
  return out;
}
