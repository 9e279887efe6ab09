// The wasm modules the bench loads: Weir's (built by `npm run build`, copied
// aside so a concurrent rebuild cannot swap it mid-run), the empty
// proxy-runtime filter, the bare-ABI floor and the policy floor (compiled here
// when their source is newer than the binary).

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../test/support/envoy.ts";
import type { Modules } from "./configs.ts";

const BUILD = join(REPO_ROOT, "build");

type BenchModule = "empty-filter" | "abi-floor" | "policy-floor";

const ASC_FLAGS: Record<BenchModule, string[]> = {
  "empty-filter": ["--runtime", "full", "--use", "abort=abort_proc_exit", "-O3"],
  "abi-floor": ["--runtime", "stub", "--use", "abort=", "-O3"],
  "policy-floor": ["--runtime", "stub", "--use", "abort=", "-O3"],
};

function compile(name: BenchModule): string {
  const source = join(REPO_ROOT, "bench", `${name}.ts`);
  const binary = join(BUILD, `${name}.wasm`);
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  mkdirSync(BUILD, { recursive: true });
  const args = ["asc", `bench/${name}.ts`, ...ASC_FLAGS[name], "-b", `build/${name}.wasm`];
  console.log(`bench: npx ${args.join(" ")}`);
  const result = spawnSync("npx", args, { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`asc failed for bench/${name}.ts:\n${result.stderr}${result.stdout}`);
  return binary;
}

/** A private copy of another build of Weir's module (--baseline), so it cannot change under the run. */
export function copyModule(path: string): string {
  if (!existsSync(path)) throw new Error(`--baseline ${path}: no such file`);
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-baseline-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, "weir.wasm");
  copyFileSync(path, copy);
  return copy;
}

/** Builds Weir unless told not to; returns the three modules, Weir's as a private copy. */
export function prepareModules(buildWeir: boolean): Modules {
  if (buildWeir) {
    console.log("bench: npm run build (filter and controller)");
    const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stderr}${result.stdout}`);
  }
  for (const needed of ["build/weir.wasm", "dist/weir.js"]) {
    if (!existsSync(join(REPO_ROOT, needed))) throw new Error(`${needed} is missing: run npm run build (or drop --no-build)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-modules-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const snapshot = join(dir, "weir.wasm");
  copyFileSync(join(BUILD, "weir.wasm"), snapshot);
  return { weir: snapshot, empty: compile("empty-filter"), abi: compile("abi-floor"), policy: compile("policy-floor") };
}
