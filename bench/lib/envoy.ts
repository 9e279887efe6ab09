// One Envoy under test: started from a config the bench derived, pinned with
// its single worker to the gateway core, and read through its admin endpoint.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envoyBinary, REPO_ROOT } from "../../test/support/envoy.ts";
import { cpuNs, GATEWAY_CORE, rssBytes, sleep, startChild, vmMemory, type Child } from "./procs.ts";

export interface BenchEnvoy {
  name: string;
  listenerPort: number;
  adminPort: number;
  pid: number;
  cpuNs(): number;
  rss(): number;
  /** Envoy's heap as its allocator sees it (admin /memory). */
  memory(): Promise<{ allocated: number; heapSize: number; physical: number }>;
  /** Every stat whose name contains "wasm" (admin /stats?filter=wasm), by name. */
  wasmStats(): Promise<Record<string, number>>;
  stat(name: string): Promise<number | undefined>;
  wasmProblems(): string[];
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Envoy on `config` (an object, written as JSON, which Envoy reads as YAML).
 * `logArgs` replaces the default `-l info`, e.g. to turn the wasm logger to debug.
 */
export async function startBenchEnvoy(
  name: string, config: object, listenerPort: number, adminPort: number,
  logArgs: string[] = ["-l", "info"], discardLog = false,
): Promise<BenchEnvoy> {
  const dir = mkdtempSync(join(tmpdir(), `weir-bench-${name}-`));
  const configPath = join(dir, "envoy.yaml");
  // Logs go to a file (or /dev/null for a debug-level run), never to a pipe the bench must drain.
  const logPath = discardLog ? "/dev/null" : join(dir, "envoy.log");
  writeFileSync(configPath, JSON.stringify(config, null, 1));
  const child: Child = startChild(GATEWAY_CORE, envoyBinary(), [
    "-c", configPath, "--concurrency", "1", "--disable-hot-restart", ...logArgs, "--log-path", logPath,
    "--log-format", "[%Y-%m-%d %T.%e][%l][%n] %v",
  ], { cwd: REPO_ROOT });
  const logs = () => (discardLog ? "" : existsSync(logPath) ? readFileSync(logPath, "utf8") : "") + child.output();
  const admin = `http://127.0.0.1:${adminPort}`;
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!child.running()) {
      await stop();
      throw new Error(`Envoy "${name}" exited during start-up:\n${logs().slice(-4000)}`);
    }
    try {
      if ((await fetch(`${admin}/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Envoy "${name}" was not ready within 30 s:\n${logs().slice(-4000)}`);
    }
    await sleep(50);
  }
  const stats = async (filter: string): Promise<Record<string, number>> => {
    const text = await (await fetch(`${admin}/stats?filter=${encodeURIComponent(filter)}`)).text();
    const out: Record<string, number> = {};
    for (const line of text.split("\n")) {
      const m = /^([^:]+): (\d+)$/.exec(line.trim());
      if (m) out[m[1]] = Number(m[2]);
    }
    return out;
  };
  return {
    name, listenerPort, adminPort, pid: child.pid,
    cpuNs: () => cpuNs(child.pid),
    rss: () => rssBytes(child.pid),
    async memory() {
      const m = (await (await fetch(`${admin}/memory`)).json()) as Record<string, string>;
      return { allocated: Number(m.allocated), heapSize: Number(m.heap_size), physical: Number(m.total_physical_bytes) };
    },
    wasmStats: () => stats("wasm"),
    async stat(statName: string) {
      return (await stats(`^${statName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`))[statName];
    },
    wasmProblems: () => logs().split("\n").filter((l) => /\]\[(warning|error|critical)\]\[wasm\]/.test(l)),
    output: logs,
    stop,
  };
}

export { vmMemory };
