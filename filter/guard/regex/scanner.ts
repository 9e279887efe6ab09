// Incremental matching for streamed text. Feed chunks as they arrive; the
// scanner reports each match once it is final and tells how far the text is
// settled, so a masking stream can emit everything left of the earliest
// still-alive partial match and hold back only the rest. Matches are exactly
// those findAll reports on the concatenated text, wherever the chunk edges
// fall (even inside a UTF-8 sequence).

import { Match, Matcher } from "./matcher";

export class Scanner {
  // Unsettled bytes: absolute positions [bufStart, bufStart + bufLen).
  private buf: StaticArray<u8> = new StaticArray<u8>(256);
  private bufStart: i32 = 0;
  private bufLen: i32 = 0;
  private reported: i32 = 0;

  constructor(private matcher: Matcher) {}

  feed(chunk: Uint8Array): void {
    this.feedAt(chunk.dataStart, chunk.length);
  }

  feedAt(ptr: usize, len: i32): void {
    if (this.matcher.isDone()) return;
    this.dropSettled();
    this.append(ptr, len);
    this.scan(false);
  }

  // End of the stream: settles everything.
  finish(): void {
    this.dropSettled();
    this.scan(true);
  }

  // Absolute offset before which every byte is settled (all matches there are
  // already reported). Bytes from here on may still become part of a match.
  safeOffset(): i32 {
    return this.matcher.safeOffset();
  }

  // Matches settled since the previous call, in order, absolute offsets.
  takeMatches(): Array<Match> {
    let all = this.matcher.matches;
    let out = all.slice(this.reported);
    this.reported = all.length;
    return out;
  }

  private scan(final: bool): void {
    let base = changetype<usize>(this.buf) - <usize>this.bufStart;
    this.matcher.setWindow(base, this.bufStart + this.bufLen, final);
    this.matcher.run();
  }

  // Forgets bytes the matcher can no longer read.
  private dropSettled(): void {
    let keep = this.matcher.safeOffset();
    let drop = keep - this.bufStart;
    if (drop <= 0) return;
    if (drop > this.bufLen) drop = this.bufLen;
    let at = changetype<usize>(this.buf);
    memory.copy(at, at + <usize>drop, <usize>(this.bufLen - drop));
    this.bufStart += drop;
    this.bufLen -= drop;
  }

  private append(ptr: usize, len: i32): void {
    let need = this.bufLen + len;
    if (need > this.buf.length) {
      let capacity = this.buf.length * 2;
      while (capacity < need) capacity *= 2;
      let bigger = new StaticArray<u8>(capacity);
      memory.copy(changetype<usize>(bigger), changetype<usize>(this.buf), <usize>this.bufLen);
      this.buf = bigger;
    }
    memory.copy(changetype<usize>(this.buf) + <usize>this.bufLen, ptr, <usize>len);
    this.bufLen += len;
  }
}
