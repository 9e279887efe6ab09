// Builds dist/weir.js once per test process, exactly as `npm run build:controller` does.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");
const BUNDLE = join(REPO_ROOT, "dist", "weir.js");

let built = false;

export function buildBundle(): string {
  if (!built) {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "controller", "build.mjs")], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`controller build failed:\n${result.stderr}`);
    built = true;
  }
  return BUNDLE;
}
