// `npm run bench`: Weir's benchmarks (issue 8). Not a test: it prints numbers
// measured side by side in one run and never fails on a time. See bench/README.md.
//
//   npm run bench                     # P1 overhead, P2 streaming, P4 small soak, P5 render (a few minutes)
//   npm run bench -- --soak           # P4 at full size: 100,000 requests and 10,000 streams
//   npm run bench -- --quick          # fewer, shorter rounds (a smoke run of the harness)
//   npm run bench -- --help

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { envoyVersion, REPO_ROOT } from "../test/support/envoy.ts";
import { filterChain } from "./lib/configs.ts";
import { httpRequest, runLoad } from "./lib/client.ts";
import { copyModule, prepareModules } from "./lib/modules.ts";
import { measureOverhead, summarizeOverhead, FAST_PATH, type OverheadSummary } from "./lib/overhead.ts";
import { CAN_PIN, GATEWAY_CORE, LOAD_CORE, vmMemory } from "./lib/procs.ts";
import { probeModule } from "./lib/host-probe.ts";
import { classify, HAVE_PERF, profileDuring, type Profile } from "./lib/profile.ts";
import { renderBench, summarizeRender } from "./lib/render-bench.ts";
import { soak, type SoakResult } from "./lib/soak.ts";
import { CLIENT_HEADERS, chatBody, render, startUpstreams, startVariants, type Upstreams, type Variant, type VariantSpec } from "./lib/stack.ts";
import { fmt, kib, median, mib, pct, signed, table } from "./lib/stats.ts";
import { measureOpenStreams, measureStreaming, type OpenStreamMemory, type StreamSummary } from "./lib/streaming.ts";
import { HAVE_WRK, runWrk, wrkScript } from "./lib/wrk.ts";

const HELP = `npm run bench -- [options]

  --soak                 full-size soak: ${100_000} requests and ${10_000} streams (default ${20_000} / ${2_000})
  --soak-requests N      soak requests   (env WEIR_BENCH_SOAK_REQUESTS)
  --soak-streams N       soak streams    (env WEIR_BENCH_SOAK_STREAMS)
  --rounds N             interleaved rounds for P1 and P2 (default 5)
  --seconds S            length of each P1 load run (default 2)
  --connections N        connections of the P1 throughput run (default 8)
  --events N             SSE events per long stream in P2 (default 500)
  --routes N             routes for the P5 render (default 1000)
  --only LIST            phases to run, comma-separated: p1,probe,p2,p4,p5 (default all)
  --no-build             use build/weir.wasm and dist/weir.js as they are (default: npm run build first)
  --compare LABEL=FILE   also run Weir with another module (e.g. an older tree's build/weir.wasm) as the
                         variants weir@LABEL and weir+guard@LABEL, in the same rounds; repeatable
  --variants LIST        P1/P2 variants to run, comma-separated (plain, the reference, and the --compare
                         variants always run)
  --no-debug-variant     skip Envoy with the wasm logger at debug
  --no-profile           skip perf sampling
  --node-client          drive P1 with the built-in node client even when wrk is installed
  --quick                2 rounds of 1 s, small streams and soak: checks the harness, numbers are rough
  --json FILE            also write every figure as JSON (default build/bench-results.json)
`;

const { values } = parseArgs({
  options: {
    soak: { type: "boolean", default: false },
    "soak-requests": { type: "string" },
    "soak-streams": { type: "string" },
    rounds: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string", default: "8" },
    events: { type: "string", default: "500" },
    routes: { type: "string", default: "1000" },
    only: { type: "string", default: "p1,probe,p2,p4,p5" },
    "no-build": { type: "boolean", default: false },
    compare: { type: "string", multiple: true, default: [] },
    variants: { type: "string" },
    "no-debug-variant": { type: "boolean", default: false },
    "no-profile": { type: "boolean", default: false },
    "node-client": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    json: { type: "string", default: join(REPO_ROOT, "build", "bench-results.json") },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const int = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${name} must be a positive integer, got "${value}"`);
    process.exit(2);
  }
  return n;
};

const quick = values.quick;
const cfg = {
  rounds: int("--rounds", values.rounds, quick ? 2 : 5),
  seconds: int("--seconds", values.seconds, quick ? 1 : 2),
  connections: int("--connections", values.connections, 8),
  events: int("--events", values.events, 500),
  routes: int("--routes", values.routes, 1000),
  soakRequests: int("--soak-requests", values["soak-requests"] ?? process.env.WEIR_BENCH_SOAK_REQUESTS, values.soak ? 100_000 : quick ? 4_000 : 20_000),
  soakStreams: int("--soak-streams", values["soak-streams"] ?? process.env.WEIR_BENCH_SOAK_STREAMS, values.soak ? 10_000 : quick ? 400 : 2_000),
  longStreams: quick ? 10 : 40,
  shortStreams: quick ? 40 : 200,
  openStreams: quick ? 16 : 64,
  phases: new Set(values.only.split(",").map((s) => s.trim().toLowerCase())),
  compare: (values.compare as string[]).map(parseCompare),
  variants: values.variants === undefined ? undefined : new Set(["plain", ...values.variants.split(",").map((s) => s.trim())]),
};

/** `LABEL=FILE` → the module to run as weir@LABEL; the file is checked now, not after the first phase. */
function parseCompare(arg: string): { label: string; module: string } {
  const at = arg.indexOf("=");
  const label = at > 0 ? arg.slice(0, at) : "";
  const module = resolve(arg.slice(at + 1));
  if (!/^[\w.-]+$/.test(label) || !existsSync(module)) {
    console.error(`bench: --compare wants LABEL=FILE with a word label and an existing .wasm file, got "${arg}"`);
    process.exit(2);
  }
  return { label, module };
}

const out: string[] = [];
const say = (line = "") => {
  console.log(line);
  out.push(line);
};
const progress = (line: string) => console.log(line);
const results: Record<string, unknown> = { date: new Date().toISOString(), config: { ...cfg, phases: [...cfg.phases] } };

async function main(): Promise<void> {
  const modules = prepareModules(!values["no-build"]);
  let up: Upstreams | undefined;
  let variants: Variant[] = [];
  const stopAll = async () => {
    await Promise.all(variants.map((v) => v.envoy.stop()));
    variants = [];
    await Promise.all((up?.children ?? []).map((c) => c.stop()));
  };
  const interrupted = () => void stopAll().then(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  try {
    say(`Weir bench — ${new Date().toISOString()}`);
    say(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), Envoy ${envoyVersion()}, node ${process.version}`);
    say(CAN_PIN
      ? `pinning: every Envoy --concurrency 1 on core ${GATEWAY_CORE}; load generator and upstreams on core ${LOAD_CORE} (taskset)`
      : "pinning: taskset unavailable or a single core: nothing is pinned, numbers are rougher");

    up = await startUpstreams(cfg.events, 200, 10);
    const base = render(["gateway.yaml", "routes.yaml"], up, modules);
    if (!base.ok) throw new Error(`weir render rejected bench/manifests/{gateway,routes}.yaml:\n${base.error}`);
    const guard = render(["gateway.yaml", "routes.yaml", "prompt-guard.yaml"], up, modules);
    const notes: string[] = [];
    if (!guard.ok) {
      notes.push(`weir+guard skipped: weir render rejects bench/manifests/prompt-guard.yaml (AIPolicy): ${guard.error.split("\n")[0]}`);
    } else if (!guard.pluginConfig.includes("promptGuard")) {
      notes.push("weir+guard: render accepted prompt-guard.yaml but the plugin config carries no promptGuard; measured anyway");
    }

    const specs: VariantSpec[] = [
      { name: "plain", kind: "plain", about: "Envoy without the wasm filter", rendered: base.config },
      { name: "abi-floor", kind: "abi", about: "bare proxy-wasm module, no SDK (bench/abi-floor.ts)", rendered: base.config },
      { name: "policy-floor", kind: "policy", about: "bare module making Weir's host calls for this request, no work (bench/policy-floor.ts)", rendered: base.config },
      { name: "empty", kind: "empty", about: "empty filter on proxy-runtime (bench/empty-filter.ts)", rendered: base.config },
      { name: "weir", kind: "weir", about: "Weir: auth + model pinning (bench/manifests/routes.yaml)", rendered: base.config },
    ];
    if (!values["no-debug-variant"]) {
      specs.push({
        name: "weir@wasm:debug", kind: "weir", about: "Weir, Envoy's wasm logger at debug (proxy-runtime's per-context logs written)",
        rendered: base.config, logArgs: ["-l", "info", "--component-log-level", "wasm:debug"], discardLog: true,
      });
    }
    if (guard.ok) specs.push({ name: "weir+guard", kind: "weir", about: "Weir + prompt-guard.yaml (4 builtins, 2 custom, enrichment)", rendered: guard.config });
    for (const { label, module: path } of cfg.compare) {
      const module = copyModule(path);
      specs.push({ name: `weir@${label}`, kind: "weir", about: `Weir with ${path}`, rendered: base.config, module });
      if (guard.ok) specs.push({ name: `weir+guard@${label}`, kind: "weir", about: `weir+guard with ${path}`, rendered: guard.config, module });
    }
    if (cfg.variants) {
      const unknown = [...cfg.variants].filter((n) => !specs.some((sp) => sp.name === n));
      if (unknown.length) throw new Error(`--variants: no variant named ${unknown.join(", ")} (have ${specs.map((sp) => sp.name).join(", ")})`);
      specs.splice(0, specs.length, ...specs.filter((sp) => cfg.variants!.has(sp.name) || sp.module !== undefined));
    }
    const needEnvoy = ["p1", "p2", "p4"].some((p) => cfg.phases.has(p));

    say(`filter chain (weir): ${filterChain(base.config).join(" → ")}; plain: the same without wasm`);
    say(`upstreams: fast fixed-reply node server (bench/upstream.ts) :${up.fast}; mock provider SSE (bench/stream-mock.ts) :${up.long}/:${up.short}/:${up.slow}`);
    say(`load generator: ${HAVE_WRK && !values["node-client"] ? "wrk (P1), node client (P2, P4)" : "node client (wrk not installed: apt-get install -y wrk)"}`);
    say(`request: POST ${FAST_PATH}, ${Buffer.byteLength(chatBody(false))} B chat body`);
    say("every phase starts its own Envoys (fresh VMs), so memory one phase leaves behind does not weigh on the next");
    const problems: string[] = [];
    // Starts the named variants, runs `phase`, collects wasm problems, stops them.
    const withVariants = async (names: string[] | "all", phase: (vs: Variant[]) => Promise<void>) => {
      variants = await startVariants(specs.filter((sp) => names === "all" || names.includes(sp.name)), modules);
      try {
        await phase(variants);
      } finally {
        for (const v of variants) problems.push(...v.envoy.wasmProblems().slice(0, 2).map((l) => `${v.name}: ${l}`));
        await Promise.all(variants.map((v) => v.envoy.stop()));
        variants = [];
      }
    };
    if (needEnvoy) await withVariants("all", (vs) => sanityCheck(vs, notes));
    say();

    if (cfg.phases.has("p1")) await withVariants("all", (vs) => phaseOverhead(vs, notes));
    if (cfg.phases.has("probe")) await phaseProbe(modules.weir, base.pluginConfig, guard.ok ? guard.pluginConfig : undefined);
    if (cfg.phases.has("p2")) await withVariants(["plain", "empty", "policy-floor", "weir", "weir+guard", ...cfg.compare.flatMap(({ label }) => [`weir@${label}`, `weir+guard@${label}`])], phaseStreaming);
    if (cfg.phases.has("p4")) {
      const soaks: SoakResult[] = [];
      // One fresh Envoy per soaked variant: memory from its start, nothing else on it.
      for (const name of ["empty", "weir", "weir+guard"]) {
        if (!specs.some((sp) => sp.name === name)) continue;
        await withVariants([name], async ([v]) => void soaks.push(await soak(v, cfg.soakRequests, cfg.soakStreams, progress)));
      }
      reportSoak(soaks);
    }
    await stopAll();
    if (cfg.phases.has("p5")) await phaseRender();

    if (problems.length) {
      say("wasm warnings/errors logged by Envoy:");
      problems.forEach((p) => say(`  ${p}`));
    }
    if (notes.length) {
      say("notes:");
      notes.forEach((n) => say(`  - ${n}`));
    }
  } finally {
    await stopAll();
    mkdirSync(join(REPO_ROOT, "build"), { recursive: true });
    writeFileSync(values.json!, JSON.stringify({ ...results, report: out }, null, 1));
    console.log(`\n(figures also in ${values.json})`);
  }
}

/** One request per variant to the fast upstream's echo: shows the filter ran (key replaced, model pinned). */
async function sanityCheck(variants: Variant[], notes: string[]): Promise<void> {
  for (const v of variants) {
    const res = await fetch(`http://127.0.0.1:${v.envoy.listenerPort}${FAST_PATH}`, {
      method: "POST", headers: { ...CLIENT_HEADERS, "x-bench-check": "1" }, body: chatBody(false),
    });
    const seen = (await res.json().catch(() => ({}))) as { authorization?: string; model?: string };
    const auth = seen.authorization?.startsWith("Bearer sk-bench") ? "backend key" : seen.authorization?.startsWith("Bearer sk-client") ? "client key" : String(seen.authorization);
    say(`  ${v.name.padEnd(16)} ${res.status}: upstream saw ${auth}, model ${seen.model}`);
    if (res.status !== 200) notes.push(`${v.name}: sanity request answered ${res.status}`);
  }
  const short = httpRequest("POST", "/stream-short/v1/chat/completions", CLIENT_HEADERS, chatBody(true));
  for (const v of variants) {
    const r = await runLoad({ port: v.envoy.listenerPort, request: short, concurrency: 1, maxRequests: 1, maxMs: 10_000, countEvents: true });
    if (r.errors || r.events < 3) notes.push(`${v.name}: stream sanity request: ${r.errors} errors, ${r.events} events (${r.firstError ?? ""})`);
  }
}

async function phaseOverhead(variants: Variant[], notes: string[]): Promise<void> {
  progress(`P1: ${cfg.rounds} rounds × ${variants.length} variants × (${cfg.seconds} s at 1 connection + ${cfg.seconds} s at ${cfg.connections})`);
  const useWrk = !values["node-client"];
  const result = await measureOverhead(variants, { rounds: cfg.rounds, seconds: cfg.seconds, connections: cfg.connections, path: FAST_PATH, useWrk }, progress);
  const summary = summarizeOverhead(result, "plain");
  const vmAfter = new Map(variants.map((v) => [v.name, vmMemory(v.envoy.pid).sizes.reduce((a, b) => a + b, 0)]));
  results.p1 = { generator: result.generator, summary, rounds: Object.fromEntries(result.samples) };
  const byName = new Map(summary.map((s) => [s.name, s]));
  const empty = byName.get("empty");
  say(`P1 request overhead — ${result.generator}; medians of ${cfg.rounds} interleaved rounds; Δ and ratios paired per round vs plain`);
  const rows = [["variant", "p50 µs", "p99 µs", "Δp50 µs", `req/s @${cfg.connections}`, "vs plain", "CPU µs/req", "ΔCPU µs", "CPU-bound vs plain", "core busy", "VM mem at end"]];
  const plainCpu = byName.get("plain")?.cpuUsPerRequest ?? NaN;
  for (const s of summary) {
    const base = s.name === "plain";
    rows.push([s.name, fmt(s.p50Us), fmt(s.p99Us), base ? "—" : signed(s.addedP50Us, 0), fmt(s.rps), base ? "—" : pct(s.rpsRatio),
      fmt(s.cpuUsPerRequest, 1), base ? "—" : signed(s.addedCpuUs, 1), base ? "—" : pct(plainCpu / s.cpuUsPerRequest), pct(s.envoyBusy, 0),
      s.name === "plain" ? "—" : kib(vmAfter.get(s.name) ?? NaN, 0)]);
  }
  say(table(rows));
  const weir = byName.get("weir");
  if (weir && empty) {
    say(`  Weir above the empty filter: ${signed(weir.addedP50Us - empty.addedP50Us, 0)} µs p50, ${signed(weir.addedCpuUs - empty.addedCpuUs, 1)} µs CPU per request`);
  }
  const debug = byName.get("weir@wasm:debug");
  if (weir && debug) say(`  proxy-runtime's debug logs, when Envoy writes them: ${signed(debug.addedCpuUs - weir.addedCpuUs, 1)} µs CPU per request`);
  const floor = byName.get("abi-floor");
  if (floor && empty) say(`  proxy-runtime itself (empty − abi-floor): ${signed(empty.addedCpuUs - floor.addedCpuUs, 1)} µs CPU per request`);
  const policyFloor = byName.get("policy-floor");
  if (policyFloor && floor) {
    say(`  the policy's host calls in Envoy (policy-floor − abi-floor: hold and rewrite the body, header edits, usage metrics, filter state): ` +
      `${signed(policyFloor.addedCpuUs - floor.addedCpuUs, 1)} µs CPU per request`);
  }
  if (policyFloor && weir) say(`  Weir's own code above its host calls (weir − policy-floor): ${signed(weir.addedCpuUs - policyFloor.addedCpuUs, 1)} µs CPU per request`);
  for (const name of ["weir", "weir+guard"]) {
    const s = byName.get(name);
    if (s) {
      const cpuBound = plainCpu / s.cpuUsPerRequest;
      say(`  goal (${name}): Δp50 ≤ 30 µs: ${s.addedP50Us <= 30 ? "met" : "NOT met"} (${signed(s.addedP50Us, 0)}); throughput ≥ 85 %: ` +
        `${s.rpsRatio >= 0.85 ? "met" : "NOT met"} (${pct(s.rpsRatio)} measured, ${pct(cpuBound)} CPU-bound)`);
    }
  }
  for (const { label } of cfg.compare) {
    for (const name of ["weir", "weir+guard"]) {
      const now = byName.get(name);
      const then = byName.get(`${name}@${label}`);
      if (!now || !then) continue;
      say(`  ${name}@${label} → ${name} (this tree): ΔCPU ${signed(then.addedCpuUs, 1)} → ${signed(now.addedCpuUs, 1)} µs, ` +
        `Δp50 ${signed(then.addedP50Us, 0)} → ${signed(now.addedP50Us, 0)} µs, throughput ${pct(then.rpsRatio)} → ${pct(now.rpsRatio)} of plain`);
    }
  }
  if (summary.some((s) => s.envoyBusy < 0.9)) {
    notes.push("P1: the gateway core was not saturated in every throughput run (core busy < 90 %): there the upstream or the load generator bounded req/s, and the ratio understates the filter's cost; CPU µs/req does not depend on it");
  }
  if (summary.some((s) => s.errors > 0)) notes.push(`P1: errors: ${summary.filter((s) => s.errors).map((s) => `${s.name} ${s.errors}`).join(", ")}`);
  say();

  if (!values["no-profile"] && HAVE_PERF && HAVE_WRK && useWrk) {
    progress("profile: perf record on plain, policy-floor, empty, weir and weir+guard under the throughput load");
    const script = wrkScript({ method: "POST", path: FAST_PATH, headers: CLIENT_HEADERS, body: chatBody(false) });
    const profiles: Record<string, Profile> = {};
    for (const v of variants.filter((x) => ["plain", "policy-floor", "empty", "weir", "weir+guard"].includes(x.name))) {
      profiles[v.name] = await profileDuring(v.envoy.pid, cfg.seconds + 1, () => runWrk(script, v.envoy.listenerPort, cfg.connections, cfg.seconds));
    }
    results.profile = profiles;
    say("where the gateway core's time goes (perf, cpu-clock samples by DSO, % of the Envoy process's samples):");
    const groups = [...new Set(Object.values(profiles).flatMap((p) => p.shares.map((s) => classify(s.dso))))];
    const names = Object.keys(profiles);
    const rows2 = [["", ...names]];
    for (const g of groups) {
      rows2.push([g, ...names.map((n) => fmt(profiles[n].shares.filter((s) => classify(s.dso) === g).reduce((a, s) => a + s.percent, 0), 1) + " %")]);
    }
    // Per request: the DSO share times the CPU per request of the same variant in P1.
    rows2.push(["CPU µs per request (P1)", ...names.map((n) => fmt(byName.get(n)?.cpuUsPerRequest ?? NaN, 1))]);
    say(table(rows2));
    for (const [n, p] of Object.entries(profiles)) if (p.error) notes.push(`profile ${n}: ${p.error}`);
    say();
  }
}

async function phaseProbe(wasm: string, pluginConfig: string, guardConfig?: string): Promise<void> {
  const routeName = Object.keys(JSON.parse(pluginConfig).routes).find((r) => r.includes("/fast/"));
  if (!routeName) return say("module probe: skipped (no /fast route in the plugin config)\n");
  const exchanges = quick ? 2000 : 6000;
  progress(`module probe: ${exchanges} exchanges per shape through build/weir.wasm in test/host`);
  const shapes = await probeModule(wasm, pluginConfig, routeName, chatBody(false), exchanges, guardConfig);
  results.probe = shapes;
  say(`Inside the module — weir.wasm in the proxy-wasm test host (node's V8, a JS host: times are relative; host-call counts are exact)`);
  const rows = [["shape", "µs/exchange", "module's own µs", "host calls", "linear memory growth"]];
  for (const s of shapes) {
    const calls = Object.values(s.imports).reduce((a, b) => a + b, 0);
    rows.push([s.shape, fmt(s.usPerExchange, 1), fmt(s.moduleUsPerExchange, 1), fmt(calls, 0), s.bytesPerExchange === 0 ? `none (${fmt(s.memoryKiB, 0)} KiB)`
      : Number.isNaN(s.bytesPerExchange) ? `grew once (${fmt(s.memoryKiB, 0)} KiB after ${s.exchanges})`
      : `≈${fmt(s.bytesPerExchange, 0)} B/exchange (${fmt(s.memoryKiB, 0)} KiB after ${s.exchanges})`]);
  }
  say(table(rows));
  const pinned = shapes[3];
  say(`  the bench request, by callback: ` + Object.entries(pinned.callbacks)
    .map(([cb, c]) => `${cb.replace(/^proxy_on_/, "")} ${fmt(c.us, 1)} µs/${fmt(c.hostCalls, 0)} calls`).join(", "));
  for (const s of shapes.slice(3)) {
    say(`  host calls per request, ${s === pinned ? "the bench request" : "under weir+guard"}: ` + Object.entries(s.imports).sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name.replace(/^proxy_/, "")} ${fmt(n, 0)}`).join(", "));
  }
  if (cfg.compare.length > 0) await compareModuleTime(wasm, pluginConfig, routeName, guardConfig);
  say();
}

/**
 * The module's own time on the bench request, this build beside the --compare
 * builds: short probes alternating between them, so the machine's drift hits
 * all alike; medians over rounds. Finer than P1 (a few hundred ns), but in
 * node's V8 and the JS host, not Envoy.
 */
async function compareModuleTime(wasm: string, pluginConfig: string, routeName: string, guardConfig?: string): Promise<void> {
  const builds = [{ label: "this tree", module: wasm }, ...cfg.compare];
  const samples = new Map<string, number[][]>(builds.map((b) => [b.label, []]));
  const rounds = quick ? 3 : 15;
  progress(`module probe: ${rounds} alternating rounds of the bench request, ${builds.map((b) => b.label).join(" / ")}`);
  for (let round = 0; round < rounds; round++) {
    for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
      const shapes = await probeModule(b.module, pluginConfig, routeName, chatBody(false), quick ? 500 : 2000, guardConfig, true);
      samples.get(b.label)!.push(shapes.map((s) => s.moduleUsPerExchange));
    }
  }
  const shapeNames = ["the bench request", ...(guardConfig ? ["under weir+guard"] : [])];
  // The least of the rounds too: a busy machine only ever adds time.
  const rows = [["module's own µs per exchange: median (least) of rounds", ...builds.map((b) => b.label)]];
  shapeNames.forEach((name, i) => rows.push([name, ...builds.map((b) => {
    const xs = samples.get(b.label)!.map((r) => r[i]);
    return `${fmt(median(xs), 2)} (${fmt(Math.min(...xs), 2)})`;
  })]));
  say(table(rows));
  results.moduleTime = Object.fromEntries(samples);
}

async function phaseStreaming(variants: Variant[]): Promise<void> {
  progress(`P2: ${cfg.rounds} rounds × ${variants.length} variants × (${cfg.longStreams} streams of ~${cfg.events} events + ${cfg.shortStreams} short streams)`);
  const summary: StreamSummary[] = await measureStreaming(variants, {
    rounds: cfg.rounds, longStreams: cfg.longStreams, shortStreams: cfg.shortStreams, concurrency: 4,
  }, progress);
  progress(`P2 memory: ${cfg.openStreams} slow streams held open per variant`);
  const memory: OpenStreamMemory[] = await measureOpenStreams(variants, cfg.openStreams, 1000);
  results.p2 = { summary, memory };
  say(`P2 streaming — OpenAI SSE from the mock, one event per upstream write; Envoy CPU per event = slope between long and short streams`);
  const mem = new Map(memory.map((m) => [m.name, m]));
  const rows = [["variant", "events/stream", "CPU ns/event", "Δ vs plain ns/event", "stream wall ms", "RSS/open stream", "heap/open stream", "VM mem/open stream", "errors"]];
  for (const s of summary) {
    const m = mem.get(s.name)!;
    rows.push([s.name, fmt(s.eventsPerLongStream), fmt(s.nsPerEvent), s.name === "plain" ? "—" : signed(s.addedNsPerEvent, 0), fmt(s.wallLongMs, 1),
      kib(m.rssPerStream), kib(m.heapPerStream), kib(m.vmPerStream), String(s.errors + m.errors)]);
  }
  say(table(rows));
  const added = (name: string) => summary.find((s) => s.name === name)?.addedNsPerEvent;
  const guarded = added("weir+guard");
  if (guarded !== undefined) {
    say(`  goal ≤ 5 µs per SSE event with masking on: weir+guard ${signed(guarded / 1000, 2)} µs: ${guarded <= 5000 ? "met" : "NOT met"}` +
      (added("weir") !== undefined ? ` (weir, rewriting each event for the usage it asked for: ${signed(added("weir")! / 1000, 2)} µs)` : ""));
  }
  const floor = added("policy-floor");
  if (floor !== undefined) say(`  reading and writing back each event inside Envoy (policy-floor − plain): ${signed(floor / 1000, 2)} µs`);
  say(`  open streams: ${cfg.openStreams} at once; VM linear memory during: ${memory.map((m) => `${m.name} ${kib(m.vmDuring, 0)}`).join(", ")}`);
  say();
}

function reportSoak(soaks: SoakResult[]): void {
  results.p4 = soaks;
  say(`P4 soak — a fresh Envoy per variant; warm-up (2,000 requests + 200 streams), then ${cfg.soakRequests} requests + ${cfg.soakStreams} streams in 10 slices`);
  const rows = [["variant", "seconds", "errors", "Envoy heap start → warm → end", "Envoy RSS start → end", "VM linear memory start → warm → end", "wasm VMs active"]];
  const vm = (x: SoakResult["samples"][number]) => kib(sum(x.vmSizes), 0);
  for (const s of soaks) {
    const [a, w] = s.samples;
    const b = s.samples.at(-1)!;
    const active = (st: Record<string, number>) => String(st["wasm.envoy.wasm.runtime.v8.active"] ?? "?");
    rows.push([s.name, fmt(s.seconds, 0), String(s.errors), `${mib(a.heapAllocated)} → ${mib(w.heapAllocated)} → ${mib(b.heapAllocated)}`,
      `${mib(a.rss)} → ${mib(b.rss)}`, `${vm(a)} → ${vm(w)} → ${vm(b)}`, `${active(s.wasmBefore)} → ${active(s.wasmAfter)}`]);
  }
  say(table(rows));
  for (const s of soaks) {
    const series = s.samples.slice(1).map((x) => sum(x.vmSizes));
    const grew = series.at(-1)! > series[0];
    say(`  ${s.name}: VM linear memory after warm-up and each slice (KiB): ${series.map((n) => (n / 1024).toFixed(0)).join(" ")} — ${grew ? "GROWS" : "flat"}`);
    if (s.failedAt) {
      const warm = Math.min(2000, cfg.soakRequests);
      say(`  ${s.name}: VM FAILED in the slice that ended at ${s.failedAt.requests + warm} requests + ${s.failedAt.streams + Math.min(200, cfg.soakStreams)} streams ` +
        `(warm-up included; ${s.errors} errors): ${s.failedAt.problem.trim()}`);
    } else if (s.firstError) say(`  ${s.name}: first error: ${s.firstError}`);
  }
  say();
}

async function phaseRender(): Promise<void> {
  progress(`P5: render ${cfg.routes} routes`);
  const r = await renderBench(cfg.routes, quick ? 2 : 3, quick ? 2 : 5);
  results.p5 = r;
  summarizeRender(r).forEach((l) => say(l));
  say();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
