// One shape for every problem found while reading manifests, so the CLI can
// print all of them at once and each names where to look: file, object, field.
//
// Reasons must never contain a credential: they describe what is wrong with a
// value, not the value itself.

export interface SourceLocation {
  /** File as the user named it; "<stdin>" for "-". */
  file: string;
  /** 1-based line where the YAML document starts. */
  line: number;
}

export interface Diagnostic {
  source: SourceLocation;
  /** "Kind namespace/name", absent when the problem is with the document itself. */
  object?: string;
  /** Dotted field path inside the object, e.g. "spec.llm.provider.openai.authToken". */
  field?: string;
  reason: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const parts = [`${d.source.file}:${d.source.line}`];
  if (d.object) parts.push(d.object);
  if (d.field) parts.push(d.field);
  return `${parts.join(": ")}: ${d.reason}`;
}

/**
 * Deterministic order: by file, then line, then the formatted text. The same
 * problem found twice (e.g. through two rules sharing a backend) is said once.
 */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const unique = new Map(list.map((d) => [formatDiagnostic(d), d]));
  return [...unique.values()].sort(
    (a, b) =>
      compareStrings(a.source.file, b.source.file) ||
      a.source.line - b.source.line ||
      compareStrings(formatDiagnostic(a), formatDiagnostic(b)),
  );
}

/** Code-point order, independent of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
