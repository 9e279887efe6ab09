// Where each value of one checked document ends, by where it starts: filled
// while parse.ts checks a stream event or a captured usage document
// (indexJsonObject), so json/scan.ts jumps
// over a member it does not want instead of scanning its bytes a second
// time. One table for one document at a time, from that check until
// forgetEnds(); any other document is scanned byte by byte.

/** Larger documents are not indexed (the table takes 4 bytes a byte). */
const MAX_INDEXED: i32 = 64 * 1024;

let table = new StaticArray<i32>(0);
/** The indexed document's first byte (0: none). */
let indexedBase: usize = 0;

/** Starts indexing `src`: the table to fill (parse.ts), or 0 when it is too large. */
export function indexEnds(src: Uint8Array): usize {
  indexedBase = 0;
  const n = src.length;
  if (n > MAX_INDEXED) return 0;
  if (table.length < n) {
    let size = max(table.length * 2, 256);
    while (size < n) size *= 2;
    table = new StaticArray<i32>(size);
  }
  indexedBase = src.dataStart;
  return changetype<usize>(table);
}

/** The table of the document at `base`, or 0 when that is not the one indexed. */
export function endsOf(base: usize): usize {
  return base == indexedBase ? changetype<usize>(table) : 0;
}

/** Done reading the indexed document (or its check failed). */
export function forgetEnds(): void {
  indexedBase = 0;
}
