// Child processes of the bench: started pinned to a core (taskset) when the
// machine allows it, stopped by their own pid, and read from /proc: CPU time
// (nanoseconds, summed over every thread) and resident memory.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Whether `taskset` exists and there are at least two cores to separate the gateway from the load. */
export const CAN_PIN = availableParallelism() >= 2 && spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Cores: the Envoy under test alone on one, load generator and upstreams on the other. */
export const GATEWAY_CORE = "0";
export const LOAD_CORE = availableParallelism() >= 2 ? "1" : "0";

export function pinned(core: string, command: string, args: string[]): [string, string[]] {
  return CAN_PIN ? ["taskset", ["-c", core, command, ...args]] : [command, args];
}

export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  output(): string;
  running(): boolean;
  stop(): Promise<void>;
}

export function startChild(core: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  const [cmd, argv] = pinned(core, command, args);
  // taskset execs the command, so the pid is the command's own.
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: options.cwd, env: options.env ?? process.env });
  let output = "";
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 1 << 20) output = output.slice(-(1 << 19)); // a chatty -l debug Envoy: keep the tail
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let alive = true;
  const exited = new Promise<void>((done) => child.on("exit", () => { alive = false; done(); }));
  return {
    pid: child.pid!,
    process: child,
    output: () => output,
    running: () => alive,
    async stop() {
      if (!alive) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU time the process has used so far, in nanoseconds, over all its threads (schedstat: ns resolution). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return total;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

export interface VmMemory {
  /** Linear memory size of each wasm VM in the process (bytes mapped read-write). */
  sizes: number[];
  /** Resident bytes of each of those memories. */
  resident: number[];
}

/**
 * The wasm VMs' linear memories, found in /proc/<pid>/smaps: V8 reserves each
 * wasm memory as one large region (8 GiB and guard pages, no access) and makes
 * its first `pages × 64 KiB` read-write, which shows as a read-write mapping
 * that ends exactly where the reservation's remainder starts. Envoy exposes no
 * stat for this.
 */
export function vmMemory(pid: number): VmMemory {
  const out: VmMemory = { sizes: [], resident: [] };
  if (!existsSync(`/proc/${pid}/smaps`)) return out;
  const maps: { start: bigint; end: bigint; perms: string; rss: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) /.exec(line);
    if (m) maps.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3], rss: 0 });
    else if (line.startsWith("Rss:") && maps.length) maps[maps.length - 1].rss = Number(line.split(/\s+/)[1]) * 1024;
  }
  const FOUR_GIB = 4n << 30n;
  for (let i = 1; i < maps.length; i++) {
    const reserve = maps[i];
    const prev = maps[i - 1];
    if (reserve.perms.startsWith("---") && reserve.end - reserve.start >= FOUR_GIB && prev.end === reserve.start && prev.perms.startsWith("rw")) {
      out.sizes.push(Number(prev.end - prev.start));
      out.resident.push(prev.rss);
    }
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
