// Builds a bench's own AssemblyScript entry when any of its sources is newer
// than the binary (the benches that time one part of the filter, not Envoy).

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../test/support/envoy.ts";

/** `entry` and `output` relative to the repository; `sources`: the folders or files it compiles from. */
export function buildWhenStale(entry: string, output: string, sources: string[], ascFlags: string[]): void {
  let newest = 0;
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) readdirSync(p).forEach((n) => visit(join(p, n)));
    else if (p.endsWith(".ts")) newest = Math.max(newest, st.mtimeMs);
  };
  [...sources, entry].forEach((s) => visit(join(REPO_ROOT, s)));
  const binary = join(REPO_ROOT, output);
  if (existsSync(binary) && statSync(binary).mtimeMs >= newest) return;
  const asc = join(REPO_ROOT, "node_modules", "assemblyscript", "bin", "asc");
  const r = spawnSync(process.execPath, [asc, entry, ...ascFlags, "-b", output], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`asc ${entry} failed:\n${r.stdout}${r.stderr}`);
}
