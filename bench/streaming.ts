// Streaming benchmark (not a test): per-event cost of Weir's SSE handling in
// the proxy-wasm test host, side by side in one run —
//   passthrough   no guard: the body goes out as it came, usage read from a copy
//   strip usage   Weir asked OpenAI for usage: events re-framed, usage chunk dropped
//   masking       response guard (4 builtins + 1 custom pattern) on every text delta
// — each with one event per body chunk and with 1400-byte chunks, and the VM's
// memory after a long stream vs a short one (wasm memory never shrinks, so the
// size after a run is that run's peak), with proxy-runtime's own exports and
// with filter/abi/exports.ts (bench/streaming-entry.ts).
//
//   node --import tsx bench/streaming.ts [--events 2000] [--runs 7]

import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildWhenStale } from "./lib/asc-build.ts";
import { parseArgs } from "node:util";
import { ProxyWasmHost, exchange } from "../test/host/index.ts";
import { REPO_ROOT } from "../test/support/envoy.ts";
import { data } from "../test/filter/streaming-fixtures.ts";

const { values } = parseArgs({ options: { events: { type: "string", default: "2000" }, runs: { type: "string", default: "7" } } });
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);

const WEIR = join(REPO_ROOT, "build/weir.wasm");
const FIXED = join(REPO_ROOT, "build/weir-fixed-exports.wasm");
const CORE = join(REPO_ROOT, "build/streaming-core.wasm");

const key = { mode: "inline", key: "k" };
const regex = { builtins: ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"], matches: [{ pattern: "(?i)project\\s+falcon", name: "CODENAME" }] };
const CONFIG = {
  routes: {
    passthrough: { provider: "openai", auth: key },
    strip: { provider: "openai", auth: key },
    masking: { provider: "openai", auth: key, promptGuard: { response: { regex } } },
  },
};
const REQUEST: Record<string, string> = {
  floor: '{"stream":true}',
  passthrough: '{"stream":true,"stream_options":{"include_usage":true}}',
  strip: '{"stream":true}',
  masking: '{"stream":true,"stream_options":{"include_usage":true}}',
};

const WORDS = ("the quarterly report shows that revenue grew in every region while costs stayed flat and the team " +
  "expects the next release to ship on time if the remaining reviews finish this week").split(" ");
const SENSITIVE = ["alice.smith@example.com", "(415) 555-0134", "4111 1111 1111 1111", "123-45-6789", "Project Falcon"];

/** An OpenAI stream of `n` content deltas (one word each; every 40th a sensitive value), usage chunk, [DONE]. */
function openAIStream(n: number): string {
  const head = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1700000000, model: "gpt-4o-mini" };
  const out: string[] = [data({ ...head, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }], usage: null })];
  for (let i = 0; i < n; i++) {
    const word = i % 40 === 39 ? SENSITIVE[(i / 40 | 0) % SENSITIVE.length] : WORDS[i % WORDS.length];
    out.push(data({ ...head, choices: [{ index: 0, delta: { content: word + " " }, finish_reason: null }], usage: null }));
  }
  out.push(data({ ...head, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: null }));
  out.push(data({ ...head, choices: [], usage: { prompt_tokens: 10, completion_tokens: n, total_tokens: n + 10 } }));
  out.push("data: [DONE]\n\n");
  return out.join("");
}

function eventSizes(body: string): number[] {
  return body.split(/(?<=\n\n)/).filter((e) => e.length > 0).map((e) => Buffer.byteLength(e));
}

function buildEntry(entry: string, output: string): void {
  const abort = entry.includes("core") ? "abort=" : "abort=abort_proc_exit";
  buildWhenStale(entry, relative(REPO_ROOT, output), ["filter"], ["--runtime", "full", "-O3", "--shrinkLevel", "1", "--use", abort]);
}

interface Core {
  memory: WebAssembly.Memory;
  bodyBuffer(len: number): number;
  setup(): void;
  runStream(mode: number, chunk: number): number;
  pages(): number;
}

/** The StreamProcessor alone in wasm (bench/streaming-core-entry.ts): ms per stream. */
function coreTimes(core: Core, body: string, mode: number, chunk: number): number {
  const bytes = Buffer.from(body);
  const at = core.bodyBuffer(bytes.length); // may grow memory: take .buffer after
  new Uint8Array(core.memory.buffer, at, bytes.length).set(bytes);
  core.runStream(mode, chunk);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    core.runStream(mode, chunk);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function load(wasm: string): Promise<ProxyWasmHost> {
  return ProxyWasmHost.load(wasm, { pluginConfig: JSON.stringify(CONFIG), allowOnHeadersStopIteration: true });
}

function run(host: ProxyWasmHost, route: string, body: string, chunks: number[]): number {
  const t0 = process.hrtime.bigint();
  const r = exchange(host, { routeName: route, request: { body: REQUEST[route] }, response: { headers: { "content-type": "text/event-stream" }, body, chunks } });
  const t1 = process.hrtime.bigint();
  if (!r.downstream.ended) throw new Error(`${route}: the stream did not end`);
  return Number(t1 - t0) / 1e3; // µs
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function memoryBytes(host: ProxyWasmHost): number {
  return (host as unknown as { guestMemory: { memory: WebAssembly.Memory } }).guestMemory.memory.buffer.byteLength;
}

async function main(): Promise<void> {
  if (!existsSync(WEIR)) throw new Error("build/weir.wasm is missing: npm run build:filter");
  buildEntry("bench/streaming-entry.ts", FIXED);
  buildEntry("bench/streaming-core-entry.ts", CORE);
  const long = openAIStream(EVENTS);
  const short = openAIStream(2);
  const longEvents = eventSizes(long);
  const shortEvents = eventSizes(short);
  const perEventChunks = { name: "1 event / chunk", long: longEvents, short: shortEvents };
  const tcpChunks = { name: "1400-byte chunks", long: new Array(Math.ceil(long.length / 1400)).fill(1400), short: [1400] };

  const host = await load(WEIR);
  console.log(`Weir streaming benchmark — test host, ${EVENTS}-event OpenAI stream (${(Buffer.byteLength(long) / 1024).toFixed(0)} KiB) vs a 2-event one, median of ${RUNS}`);
  console.log("per-event cost = (long − short) / extra events; the short stream is the per-stream part\n");
  console.log("mode          chunking            per stream (short)   per event (host + filter)   filter's share   vs passthrough");
  for (const chunking of [perEventChunks, tcpChunks]) {
    const results: Record<string, number> = {};
    for (const route of ["floor", "passthrough", "strip", "masking"]) {
      run(host, route, long, chunking.long); // warm-up (JIT, DFA cache)
      const longTimes: number[] = [];
      const shortTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        longTimes.push(run(host, route, long, chunking.long));
        shortTimes.push(run(host, route, short, chunking.short));
      }
      const perEvent = (median(longTimes) - median(shortTimes)) / (longEvents.length - shortEvents.length);
      results[route] = perEvent;
      const share = perEvent - results.floor;
      const ratio = route === "floor" ? "" : route === "passthrough" ? "1.00×" : `${(share / (results.passthrough - results.floor)).toFixed(2)}×`;
      const shareText = route === "floor" ? "" : `${share.toFixed(2)} µs`;
      console.log(`${route.padEnd(13)} ${chunking.name.padEnd(19)} ${(median(shortTimes) / 1000).toFixed(2).padStart(8)} ms        ${perEvent.toFixed(2).padStart(8)} µs               ${shareText.padStart(10)}   ${ratio.padStart(8)}`);
    }
  }

  const core = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(CORE)), { env: { abort() { throw new Error("abort"); } } }).exports as unknown as Core;
  core.setup();
  console.log("\nThe filter's stream processor alone (wasm, -O3, no host), per event:");
  console.log("mode          chunking            per event    vs passthrough");
  for (const chunk of [190, 1400]) {
    const perEvent: number[] = [];
    ["passthrough", "strip", "masking"].forEach((name, mode) => {
      const us = ((coreTimes(core, long, mode, chunk) - coreTimes(core, short, mode, chunk)) * 1000) / (longEvents.length - shortEvents.length);
      perEvent.push(us);
      console.log(`${name.padEnd(13)} ${(chunk + "-byte chunks").padEnd(19)} ${us.toFixed(2).padStart(6)} µs   ${(us / perEvent[0]).toFixed(2).padStart(6)}×`);
    });
  }

  console.log("\nVM memory (wasm linear memory; it never shrinks, so this is the peak so far):");
  console.log("build                                 after 1 short stream   after 1 long stream   after 500 long streams");
  for (const [name, wasm] of [["weir.wasm (proxy-runtime exports)", WEIR], ["weir-fixed-exports.wasm", FIXED]]) {
    for (const route of ["passthrough", "masking"]) {
      const a = await load(wasm);
      run(a, route, short, shortEvents);
      const afterShort = memoryBytes(a);
      const b = await load(wasm);
      run(b, route, long, longEvents);
      const afterLong = memoryBytes(b);
      for (let i = 0; i < 499; i++) run(b, route, long, tcpChunks.long);
      const afterMany = memoryBytes(b);
      const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
      console.log(`${(name + ", " + route).padEnd(37)} ${kib(afterShort).padStart(12)}   ${kib(afterLong).padStart(19)}   ${kib(afterMany).padStart(21)}`);
    }
  }
  const big = openAIStream(EVENTS * 10);
  const c = await load(FIXED);
  run(c, "masking", big, eventSizes(big));
  console.log(`weir-fixed-exports.wasm, masking, one ${EVENTS * 10}-event stream (${(Buffer.byteLength(big) / 1048576).toFixed(1)} MiB): ${(memoryBytes(c) / 1024).toFixed(0)} KiB`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
