import type { SourceLocation } from "../diagnostics.ts";

/** A manifest file's text, named as the user gave it ("<stdin>" for "-"). */
export interface SourceFile {
  file: string;
  text: string;
}

/** One Kubernetes-style object as parsed, with where it came from. Not yet validated. */
export interface LoadedObject {
  source: SourceLocation;
  object: Record<string, unknown>;
}
