// Builds (when stale) and loads the regex harness wasm, and wraps its exports
// in a small typed API with strings in and byte-offset spans out.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const wasmPath = join(root, "build", "regex-harness.wasm");
const entry = "filter/guard/regex/__tests__/differential-harness.ts";
const sources = [join(root, "filter", "guard", "regex")];

export type Span = [start: number, end: number, pattern: number];

export interface CompileError {
  position: number;
  pattern: number;
  message: string;
}

function newestSourceTime(): number {
  let newest = 0;
  const visit = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (path.endsWith(".ts") && (!path.includes("__tests__") || path.endsWith("differential-harness.ts"))) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  sources.forEach(visit);
  return newest;
}

export function buildHarnessIfStale(): void {
  if (existsSync(wasmPath) && statSync(wasmPath).mtimeMs >= newestSourceTime()) return;
  const asc = join(root, "node_modules", "assemblyscript", "bin", "asc");
  const r = spawnSync(process.execPath, [asc, entry, "--runtime", "full", "-O3", "-b", "build/regex-harness.wasm"], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error("building the regex harness failed:\n" + r.stdout + r.stderr);
}

interface Exports {
  memory: WebAssembly.Memory;
  scratchBuffer(len: number): number;
  compile(len: number, count: number): number;
  errorPosition(): number;
  errorPattern(): number;
  errorMessage(): number;
  findAll(len: number, useDfa: number): number;
  findAllStreaming(len: number, maxChunk: number, seed: number): number;
  resultsBuffer(): number;
}

export class Harness {
  private constructor(private x: Exports) {}

  static load(): Harness {
    buildHarnessIfStale();
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort(_msg: number, _file: number, line: number, column: number) {
          throw new Error(`regex harness aborted at ${line}:${column}`);
        },
      },
    });
    return new Harness(instance.exports as unknown as Exports);
  }

  private write(bytes: Uint8Array): void {
    const ptr = this.x.scratchBuffer(bytes.length);
    new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
  }

  // Compiles patterns (for both matcher paths); returns an error or null.
  compile(patterns: string[]): CompileError | null {
    const bytes = Buffer.from(patterns.join("\0"), "utf8");
    this.write(bytes);
    const ok = this.x.compile(bytes.length, patterns.length);
    if (ok === 1) return null;
    if (ok < 0) throw new Error("pattern contains NUL");
    const len = this.x.errorMessage();
    const message = Buffer.from(new Uint8Array(this.x.memory.buffer, this.x.scratchBuffer(0), len)).toString("utf8");
    return { position: this.x.errorPosition(), pattern: this.x.errorPattern(), message };
  }

  // useDfa false: the Pike VM alone (with its prefilter).
  findAll(input: Uint8Array, useDfa: boolean): Span[] {
    this.write(input);
    return this.read(this.x.findAll(input.length, useDfa ? 1 : 0));
  }

  // Streams the input in random chunks; throws if the streaming contract broke.
  findAllStreaming(input: Uint8Array, maxChunk: number, seed: number): Span[] {
    this.write(input);
    const n = this.x.findAllStreaming(input.length, maxChunk, seed);
    if (n === -1) throw new Error("scanner safeOffset went backwards or past the fed input");
    if (n === -2) throw new Error("scanner reported a match ending after its safe offset");
    return this.read(n);
  }

  private read(count: number): Span[] {
    const words = new Int32Array(this.x.memory.buffer, this.x.resultsBuffer(), count * 3);
    const out: Span[] = [];
    for (let i = 0; i < count; i++) out.push([words[i * 3], words[i * 3 + 1], words[i * 3 + 2]]);
    return out;
  }
}
