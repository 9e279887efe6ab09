// Rewrites a body as a list of byte-range replacements, so every byte outside
// the edited ranges reaches the provider exactly as the client sent it.

import { ByteSink } from "./string";

export class Edit {
  start: i32;
  end: i32;
  replacement: Uint8Array;

  constructor(start: i32, end: i32, replacement: Uint8Array) {
    this.start = start;
    this.end = end;
    this.replacement = replacement;
  }
}

/** Applies non-overlapping edits (in any order) to `src`. */
export function applyEdits(src: Uint8Array, edits: Array<Edit>): Uint8Array {
  const sorted = edits.slice(0);
  // Insertions (empty ranges) sort before a replacement starting at the same byte.
  sorted.sort((a: Edit, b: Edit): i32 => {
    if (a.start != b.start) return a.start - b.start;
    return a.end - b.end;
  });
  let size = src.length;
  for (let i = 0; i < sorted.length; i++) size += sorted[i].replacement.length - (sorted[i].end - sorted[i].start);
  const out = new ByteSink(size);
  let at = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    out.pushBytes(src, at, e.start);
    out.pushBytes(e.replacement, 0, e.replacement.length);
    at = e.end;
  }
  out.pushBytes(src, at, src.length);
  return out.toBytes();
}
