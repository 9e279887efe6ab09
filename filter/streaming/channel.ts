// Masking one channel's text as it streams. Every piece of text is fed to the
// guard's incremental Scanner; what lies left of the earliest match that may
// still be under way (Scanner.safeOffset) is settled and goes out at once,
// masked; the rest is held back until later text settles it or the channel
// ends. Whatever the pieces, the concatenated output equals maskText() of the
// concatenated input — the Scanner reports exactly findAll's matches.

import { PatternSet } from "../guard/regex/pattern-set";
import { Scanner } from "../guard/regex/scanner";
import { Match } from "../guard/regex/matcher";
import { ByteSink } from "../json/string";

/** What replaces held-back text that outgrew the hold-back bound (overflow "mask"). */
export const REDACTED = "<REDACTED>";

export class ChannelMasker {
  private scanner: Scanner;
  /** Fed bytes not yet written out: absolute offsets [heldStart, heldStart + heldLen). */
  private held: Uint8Array = new Uint8Array(64);
  private heldLen: i32 = 0;
  private heldStart: i32 = 0;
  /** Matches masked so far. */
  masked: i32 = 0;
  /** Times the hold-back bound was hit. */
  redactions: i32 = 0;

  constructor(private patterns: PatternSet, private labels: Array<Uint8Array>) {
    this.scanner = patterns.newScanner();
  }

  /** Bytes held back, waiting for text that settles them. */
  heldBytes(): i32 { return this.heldLen; }

  /** Feeds a piece of text; writes what it settles (masked) to `out`. */
  feed(text: Uint8Array, out: ByteSink): void {
    this.scanner.feed(text);
    this.hold(text);
    this.emit(this.scanner.safeOffset(), out);
  }

  /** The channel ended: settles and writes everything held. */
  finish(out: ByteSink): void {
    this.scanner.finish();
    this.emit(this.heldStart + this.heldLen, out);
  }

  /**
   * The hold-back bound was hit: what is held (it starts where a match may be
   * under way) is replaced by REDACTED and scanning starts afresh after it.
   */
  redact(out: ByteSink): void {
    if (this.heldLen == 0) return;
    out.pushString(REDACTED);
    this.redactions++;
    this.scanner = this.patterns.newScanner();
    this.heldLen = 0;
    this.heldStart = 0;
  }

  private emit(safe: i32, out: ByteSink): void {
    const matches: Array<Match> = this.scanner.takeMatches();
    let upTo = safe;
    let cursor = this.heldStart;
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i];
      if (m.start == m.end || m.start < cursor) continue;
      out.pushBytes(this.held, cursor - this.heldStart, m.start - this.heldStart);
      const label = this.labels[m.pattern];
      out.pushBytes(label, 0, label.length);
      cursor = m.end;
      if (cursor > upTo) upTo = cursor;
      this.masked++;
    }
    const end = this.heldStart + this.heldLen;
    if (upTo > end) upTo = end;
    if (upTo > cursor) out.pushBytes(this.held, cursor - this.heldStart, upTo - this.heldStart);
    this.drop(upTo - this.heldStart);
  }

  private hold(text: Uint8Array): void {
    const need = this.heldLen + text.length;
    if (need > this.held.length) {
      let capacity = this.held.length * 2;
      while (capacity < need) capacity *= 2;
      const bigger = new Uint8Array(capacity);
      memory.copy(bigger.dataStart, this.held.dataStart, <usize>this.heldLen);
      this.held = bigger;
    }
    memory.copy(this.held.dataStart + <usize>this.heldLen, text.dataStart, <usize>text.length);
    this.heldLen = need;
  }

  private drop(n: i32): void {
    if (n <= 0) return;
    const keep = this.heldLen - n;
    if (keep > 0) memory.copy(this.held.dataStart, this.held.dataStart + <usize>n, <usize>keep);
    this.heldLen = keep;
    this.heldStart += n;
  }
}

/** Each pattern's mask token as UTF-8, by pattern index. */
export function maskLabels(patterns: PatternSet): Array<Uint8Array> {
  const labels = new Array<Uint8Array>(0);
  for (let i = 0; i < patterns.size; i++) {
    const encoded = String.UTF8.encode(patterns.specs[i].label);
    const bytes = new Uint8Array(encoded.byteLength);
    memory.copy(bytes.dataStart, changetype<usize>(encoded), <usize>encoded.byteLength);
    labels.push(bytes);
  }
  return labels;
}
