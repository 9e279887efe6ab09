// Parses manifest texts into objects with their source location. Pure: no I/O.
import yaml from "js-yaml";
import type { Diagnostic } from "../diagnostics.ts";
import { splitDocuments } from "./split-documents.ts";
import type { LoadedObject, SourceFile } from "./types.ts";
import { MANIFEST_SCHEMA } from "./yaml-schema.ts";

export function parseManifests(sources: SourceFile[]): { objects: LoadedObject[]; errors: Diagnostic[] } {
  const objects: LoadedObject[] = [];
  const errors: Diagnostic[] = [];
  for (const { file, text } of sources) {
    for (const doc of splitDocuments(text)) {
      const source = { file, line: doc.line };
      let parsed: unknown[];
      try {
        parsed = yaml.loadAll(doc.text, null, { schema: MANIFEST_SCHEMA });
      } catch (e) {
        errors.push({ source: errorLocation(e, source), reason: describeParseError(e) });
        continue;
      }
      for (const object of parsed) {
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

function errorLocation(e: unknown, doc: { file: string; line: number }) {
  const offset = e instanceof yaml.YAMLException && e.mark ? e.mark.line : 0;
  return { file: doc.file, line: doc.line + offset };
}

// js-yaml's own message quotes the offending source lines, which may hold a
// key, so only its one-line reason is kept.
function describeParseError(e: unknown): string {
  return `invalid YAML: ${e instanceof yaml.YAMLException ? e.reason : "unreadable document"}`;
}
