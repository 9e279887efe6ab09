// Golden files under controller/testdata/<case>/: input.yaml is the manifest
// (or sources.txt names a directory of manifests, e.g. a samples directory,
// relative to the repository); a valid case has ir.json (IR stage output) and
// envoy.yaml (Envoy stage output, rendered from ir.json); an invalid case has
// diagnostics.txt (every error and warning). options.json, when present, adds
// render options.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.ts";
import { loadFilterValidator, type PluginConfigValidator } from "../filter-check/wasm-validator.ts";
import { readSources } from "../load/read-sources.ts";
import type { SourceFile } from "../load/types.ts";
import type { RenderOptions } from "./render.ts";

// tsconfig compiles these files as CommonJS (package.json has no "type": "module").
const TESTDATA = join(__dirname, "..", "testdata");
const REPO_ROOT = join(__dirname, "..", "..");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

export const GOLDEN_OPTIONS: RenderOptions = {
  wasmPath: "/opt/weir/weir.wasm",
  adminPort: 9901,
  listenerAddress: "0.0.0.0",
  caBundle: "/etc/ssl/certs/ca-certificates.crt",
};

/** Case directories: those with an input (testdata also holds other goldens, e.g. crds/). */
export function goldenCases(): string[] {
  const hasInput = (name: string) => ["input.yaml", "sources.txt"].some((f) => existsSync(join(TESTDATA, name, f)));
  return readdirSync(TESTDATA, { withFileTypes: true })
    .filter((e) => e.isDirectory() && hasInput(e.name))
    .map((e) => e.name)
    .sort();
}

/** The built filter module (WEIR_WASM, else build/weir.wasm): tests check plugin configs with its parser. */
export const FILTER_WASM = process.env.WEIR_WASM ?? join(TESTDATA, "..", "..", "build", "weir.wasm");

let filter: PluginConfigValidator | undefined;

/** The filter's own parser; throws (naming `npm run build:filter`) when the module is not built. */
export function testFilter(): PluginConfigValidator {
  filter ??= loadFilterValidator(FILTER_WASM);
  return filter;
}

export function caseOptions(name: string): RenderOptions {
  const file = join(TESTDATA, name, "options.json");
  return existsSync(file) ? { ...GOLDEN_OPTIONS, ...JSON.parse(readFileSync(file, "utf8")) } : GOLDEN_OPTIONS;
}

/** A case's input.yaml, named relative to testdata so diagnostics are machine-independent. */
export function caseInput(name: string): SourceFile {
  return { file: `${name}/input.yaml`, text: readFileSync(join(TESTDATA, name, "input.yaml"), "utf8") };
}

/** A case's manifests: its input.yaml, or the directory its sources.txt names (files named from the repository root). */
export function caseSources(name: string): SourceFile[] {
  const list = join(TESTDATA, name, "sources.txt");
  if (!existsSync(list)) return [caseInput(name)];
  const dir = join(REPO_ROOT, readFileSync(list, "utf8").trim());
  const { sources, errors } = readSources([dir], () => "");
  if (errors.length > 0) throw new Error(`${name}/sources.txt: ${errors.map((e) => e.reason).join("; ")}`);
  return sources.map((s) => ({ file: relative(REPO_ROOT, s.file), text: s.text }));
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
