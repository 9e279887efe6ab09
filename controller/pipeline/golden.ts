// Golden files under controller/testdata/<case>/: input.yaml is the manifest;
// a valid case has ir.json (IR stage output) and envoy.yaml (Envoy stage
// output, rendered from ir.json); an invalid case has diagnostics.txt (every
// error and warning). options.json, when present, adds render options.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.ts";
import type { RenderOptions } from "./render.ts";

// tsconfig compiles these files as CommonJS (package.json has no "type": "module").
const TESTDATA = join(__dirname, "..", "testdata");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

export const GOLDEN_OPTIONS: RenderOptions = {
  wasmPath: "/opt/weir/weir.wasm",
  adminPort: 9901,
  listenerAddress: "0.0.0.0",
  caBundle: "/etc/ssl/certs/ca-certificates.crt",
};

export function goldenCases(): string[] {
  return readdirSync(TESTDATA, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function caseOptions(name: string): RenderOptions {
  const file = join(TESTDATA, name, "options.json");
  return existsSync(file) ? { ...GOLDEN_OPTIONS, ...JSON.parse(readFileSync(file, "utf8")) } : GOLDEN_OPTIONS;
}

/** The case's input, named relative to testdata so diagnostics are machine-independent. */
export function caseInput(name: string) {
  return { file: `${name}/input.yaml`, text: readFileSync(join(TESTDATA, name, "input.yaml"), "utf8") };
}

export function formatDiagnostics(errors: Diagnostic[], warnings: Diagnostic[]): string {
  return [...errors.map((e) => `error: ${formatDiagnostic(e)}`), ...warnings.map((w) => `warning: ${formatDiagnostic(w)}`)]
    .map((line) => `${line}\n`)
    .join("");
}

export function readGolden(name: string, file: string): string | undefined {
  const path = join(TESTDATA, name, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/**
 * Returns the golden text to compare against. With UPDATE_GOLDEN=1 it first
 * rewrites the file with `actual`, so the comparison passes and git shows the change.
 */
export function golden(name: string, file: string, actual: string): string | undefined {
  if (UPDATE) writeFileSync(join(TESTDATA, name, file), actual);
  return readGolden(name, file);
}
