// The only part of the pipeline that touches the file system: turns the paths
// given to -f into texts. Directories contribute their *.yaml, *.yml and *.json
// files (not recursively, like `kubectl apply -f dir`), in name order so that
// renders are reproducible.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.ts";
import type { SourceFile } from "./types.ts";

export const STDIN_NAME = "<stdin>";
const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

export function readSources(
  paths: string[],
  readStdin: () => string,
): { sources: SourceFile[]; errors: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const errors: Diagnostic[] = [];
  const fail = (file: string, reason: string) => errors.push({ source: { file, line: 1 }, reason });

  for (const path of paths) {
    if (path === "-") {
      sources.push({ file: STDIN_NAME, text: readStdin() });
      continue;
    }
    try {
      if (statSync(path).isDirectory()) {
        const names = readdirSync(path)
          .filter((n) => !n.startsWith(".") && MANIFEST_EXTENSIONS.some((ext) => n.endsWith(ext)))
          .sort();
        if (names.length === 0) fail(path, "directory holds no .yaml, .yml or .json files");
        for (const name of names) {
          const file = join(path, name);
          sources.push({ file, text: readFileSync(file, "utf8") });
        }
      } else {
        sources.push({ file: path, text: readFileSync(path, "utf8") });
      }
    } catch (e) {
      fail(path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  return { sources, errors };
}
