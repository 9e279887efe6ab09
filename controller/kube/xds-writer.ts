// Publishes a configuration to the directory Envoy watches. Each file is
// written under a hidden temporary name in the same directory and renamed
// into place: Envoy reloads on a rename into the directory, and a rename is
// atomic, so Envoy never reads a half-written file. Files are written in the
// order given (clusters, then filters and routes, then listeners: nothing is
// referenced before it exists); files no listener refers to any more are
// removed afterwards. Unchanged files are not touched.
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { XdsFiles } from "./xds-files.ts";

// What this writer owns in the directory; anything else there is left alone.
const OWNED = /^(lds|cds)\.json$|^(rds|ecds)-[0-9a-f]{16}\.json$/;

export class XdsWriter {
  private readonly written = new Map<string, string>();

  /** `mode`: the files hold provider keys, so owner-only by default; Envoy must run as the same user. */
  constructor(
    private readonly dir: string,
    private readonly mode = 0o600,
  ) {
    // Continue from what a previous run left, so a restart rewrites nothing that is unchanged.
    for (const name of this.ownedFiles()) {
      try {
        this.written.set(name, readFileSync(join(dir, name), "utf8"));
      } catch {
        // unreadable: it will be rewritten
      }
    }
  }

  /** Whether a configuration is in place (from this run or an earlier one). */
  get hasConfig(): boolean {
    return this.written.has("lds.json") && this.written.has("cds.json");
  }

  /** Writes what changed; returns the names written. */
  publish(files: XdsFiles): string[] {
    const changed: string[] = [];
    for (const [name, content] of files) {
      if (this.written.get(name) === content) continue;
      writeAtomically(this.dir, name, content, this.mode);
      this.written.set(name, content);
      changed.push(name);
    }
    for (const name of this.ownedFiles()) {
      if (files.has(name)) continue;
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // already gone
      }
      this.written.delete(name);
    }
    return changed;
  }

  private ownedFiles(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => OWNED.test(n));
    } catch {
      return [];
    }
  }
}

export function writeAtomically(dir: string, name: string, content: string, mode: number): void {
  const temporary = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, { mode });
    renameSync(temporary, join(dir, name));
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    throw e;
  }
}
