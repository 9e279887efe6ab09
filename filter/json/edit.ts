// Rewrites a body as a list of byte-range replacements, so every byte outside
// the edited ranges reaches the provider exactly as the client sent it.

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

/** Applies non-overlapping edits (in any order; `edits` is left as it is) to `src`. */
export function applyEdits(src: Uint8Array, edits: Array<Edit>): Uint8Array {
  let sorted = edits;
  if (edits.length > 1) {
    sorted = edits.slice(0);
    // Insertions (empty ranges) sort before a replacement starting at the same byte.
    sorted.sort((a: Edit, b: Edit): i32 => {
      if (a.start != b.start) return a.start - b.start;
      return a.end - b.end;
    });
  }
  let size = src.length;
  for (let i = 0; i < sorted.length; i++) size += sorted[i].replacement.length - (sorted[i].end - sorted[i].start);
  // Written in place at its final size: one allocation, no copy out of a sink.
  const out = new Uint8Array(size);
  let to = out.dataStart;
  let at = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const r = e.replacement;
    memory.copy(to, src.dataStart + <usize>at, <usize>(e.start - at));
    to += <usize>(e.start - at);
    memory.copy(to, r.dataStart, <usize>r.length);
    to += <usize>r.length;
    at = e.end;
  }
  memory.copy(to, src.dataStart + <usize>at, <usize>(src.length - at));
  return out;
}
