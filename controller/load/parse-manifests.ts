// Parses manifest texts into objects with their source location. Pure: no I/O.
import { loadAllYaml } from "@kubernetes/client-node/dist/yaml.js";
import type { Diagnostic } from "../diagnostics.ts";
import { splitDocuments } from "./split-documents.ts";
import { timestampsAsStrings } from "./timestamps-as-strings.ts";
import type { LoadedObject, SourceFile } from "./types.ts";

export function parseManifests(sources: SourceFile[]): { objects: LoadedObject[]; errors: Diagnostic[] } {
  const objects: LoadedObject[] = [];
  const errors: Diagnostic[] = [];
  for (const { file, text } of sources) {
    for (const doc of splitDocuments(text)) {
      const source = { file, line: doc.line };
      let parsed: unknown[];
      try {
        // Imported from the package's yaml module only: the package root would
        // pull the whole generated API client (~1.7 MB) into the bundle.
        parsed = loadAllYaml(doc.text);
      } catch (e) {
        errors.push({ source: errorLocation(e, source), reason: describeParseError(e) });
        continue;
      }
      for (const object of parsed.map(timestampsAsStrings)) {
        if (object === null || typeof object !== "object" || Array.isArray(object)) {
          errors.push({ source, reason: "document is not a mapping, so not a Kubernetes object" });
        } else {
          objects.push({ source, object: object as Record<string, unknown> });
        }
      }
    }
  }
  return { objects, errors };
}

interface YamlExceptionLike {
  reason: string;
  mark?: { line: number };
}

function isYamlException(e: unknown): e is YamlExceptionLike {
  return typeof e === "object" && e !== null && typeof (e as YamlExceptionLike).reason === "string";
}

function errorLocation(e: unknown, doc: { file: string; line: number }) {
  const offset = isYamlException(e) && e.mark ? e.mark.line : 0;
  return { file: doc.file, line: doc.line + offset };
}

// js-yaml's own message quotes the offending source lines, which may hold a
// key, so only its one-line reason is kept. Other errors come from the
// Kubernetes deserializer rejecting a built-in kind (e.g. a Secret) whose
// fields have the wrong types; its messages may embed values, so they are
// replaced by a fixed text.
function describeParseError(e: unknown): string {
  if (isYamlException(e)) return `invalid YAML: ${e.reason}`;
  return "cannot be read as a Kubernetes object: a field has the wrong type for its kind";
}
