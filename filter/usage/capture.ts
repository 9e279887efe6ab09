// Usage of a non-streaming response that Weir does not otherwise touch: the
// body passes to the client as it arrives (no buffering in Envoy), and a
// byte-at-a-time JSON scanner keeps only the top-level members usage needs
// ("usage", "usageMetadata", "model", "modelVersion") — or those of each
// element when the body is a JSON array (Gemini's streamGenerateContent
// without alt=sse; the last element's win). Memory stays bounded whatever the
// body's size.
//
// Per response it allocates the capture, one buffer for the kept members (and
// their spans) and the small document handed to the provider: member names
// are matched as they stream by (no copy of the name), kept values are spans
// of that one buffer.

import { indexJsonObject } from "../json/parse";
import { forgetEnds } from "../json/ends";
import { isSpace } from "../json/scan";
import { ByteSink } from "../json/string";
import { Provider } from "../providers/provider";
import { TokenUsage } from "./usage";
import { utf8 } from "../json/bytes";

const WANTED = [utf8("usage"), utf8("usageMetadata"), utf8("model"), utf8("modelVersion")];
const WANTED_COUNT = 4;
const ALL_CANDIDATES: i32 = (1 << WANTED_COUNT) - 1;
/** `"name":` of each WANTED member, for the document result() builds. */
const WANTED_JSON = [utf8('"usage":'), utf8('"usageMetadata":'), utf8('"model":'), utf8('"modelVersion":')];
/** A captured member larger than this is dropped (usage objects are tiny). */
const MAX_CAPTURE: i32 = 16 << 10;
/** Past this, superseded values (an array's earlier elements) are squeezed out of the buffer. */
const COMPACT_AT: i32 = 4 * MAX_CAPTURE;
/** Until a wanted member is kept (never written to). */
const NO_SPANS = new StaticArray<i32>(2 * WANTED_COUNT);

export class UsageCapture {
  private depth: i32 = 0;
  private started: bool = false;
  private memberDepth: i32 = 1;
  private memberObject: bool = false;
  private inString: bool = false;
  private escape: bool = false;
  private expectKey: bool = false;
  private readingKey: bool = false;
  private afterKey: bool = false;
  /** While a name is read: its length so far and a bit per WANTED name it can still be. */
  private keyLength: i32 = 0;
  private keyCandidates: i32 = 0;
  private wanted: i32 = -1;
  private valueNext: bool = false;
  private capturing: i32 = -1;
  private captureFrom: i32 = 0;
  /** The kept values, back to back; made at the first wanted member. */
  private kept: ByteSink | null = null;
  /** [from, to) of each WANTED member's latest value in `kept` (pairs; to == 0: none), made with it. */
  private spans: StaticArray<i32> = NO_SPANS;

  feed(chunk: Uint8Array): void {
    const n = chunk.length;
    const base = chunk.dataStart;
    let i = 0;
    while (i < n) {
      if (this.capturing < 0 && !this.readingKey && !this.valueNext) {
        // Nothing kept here: inside a string only a quote or a backslash
        // matters (most of a body: generated text), outside one only JSON's
        // punctuation (numbers, literals and spaces change nothing).
        if (this.inString) {
          if (!this.escape) {
            while (i < n) {
              const c = load<u8>(base + <usize>i);
              if (c == 0x22 || c == 0x5c) break;
              i++;
            }
          }
        } else {
          while (i < n && !isPunctuation(load<u8>(base + <usize>i))) i++;
        }
        if (i == n) return;
      }
      this.byte(load<u8>(base + <usize>i));
      i++;
    }
  }

  /** Reads usage from what was captured into `usage` (through the provider's own reader). */
  result(provider: Provider, usage: TokenUsage): void {
    const kept = this.kept;
    if (kept === null) return;
    let size = 1; // '{' and a ',' or '}' after each member
    for (let i = 0; i < WANTED_COUNT; i++) {
      const n = this.spanTo(i) - this.spanFrom(i);
      if (n > 0) size += WANTED_JSON[i].length + n + 1;
    }
    if (size == 1) return;
    // {"usage":…,"model":…}: the document the provider reads, built at its size.
    const doc = new Uint8Array(size);
    let at = doc.dataStart;
    store<u8>(at++, 0x7b);
    for (let i = 0; i < WANTED_COUNT; i++) {
      const from = this.spanFrom(i);
      const n = this.spanTo(i) - from;
      if (n <= 0) continue;
      if (at > doc.dataStart + 1) store<u8>(at++, 0x2c);
      const name = WANTED_JSON[i];
      memory.copy(at, name.dataStart, <usize>name.length);
      at += <usize>name.length;
      memory.copy(at, kept.buf.dataStart + <usize>from, <usize>n);
      at += <usize>n;
    }
    store<u8>(at, 0x7d);
    // Checked as a stream event is (the kept bytes come from an unchecked
    // body), building nothing: the provider reads its members from the bytes.
    if (!indexJsonObject(doc)) return;
    provider.responseUsage(doc, 0, usage);
    forgetEnds();
  }

  private byte(c: u8): void {
    if (this.inString) {
      if (this.capturing >= 0) this.keep(c);
      if (this.escape) {
        this.escape = false;
        if (this.readingKey) this.keyByte(c);
        return;
      }
      if (c == 0x5c) {
        this.escape = true;
        // An escaped name is not one of ours (none needs escaping).
        if (this.readingKey) this.keyCandidates = 0;
        return;
      }
      if (c == 0x22) {
        this.inString = false;
        if (this.readingKey) {
          this.readingKey = false;
          this.afterKey = true;
        }
        return;
      }
      if (this.readingKey) this.keyByte(c);
      return;
    }
    const space = isSpace(c);
    if (this.valueNext && !space) this.startCapture();
    if (this.capturing >= 0) {
      if (this.depth == this.memberDepth && (c == 0x2c || c == 0x7d)) this.endCapture();
      else this.keep(c);
    }
    if (space) return;
    if (!this.started) {
      this.started = true;
      if (c == 0x5b) this.memberDepth = 2;
    }
    if (c == 0x22) {
      this.inString = true;
      if (this.depth == this.memberDepth && this.memberObject && this.expectKey) {
        this.expectKey = false;
        this.readingKey = true;
        this.keyLength = 0;
        this.keyCandidates = ALL_CANDIDATES;
      }
    } else if (c == 0x7b) {
      this.depth++;
      if (this.depth == this.memberDepth) {
        this.memberObject = true;
        this.expectKey = true;
      }
    } else if (c == 0x5b) {
      this.depth++;
      if (this.depth == this.memberDepth) this.memberObject = false;
    } else if (c == 0x7d || c == 0x5d) {
      this.depth--;
    } else if (c == 0x2c) {
      if (this.depth == this.memberDepth && this.memberObject) this.expectKey = true;
    } else if (c == 0x3a) {
      if (this.depth == this.memberDepth && this.afterKey) {
        this.afterKey = false;
        this.wanted = this.wantedKey();
        if (this.wanted >= 0) this.valueNext = true;
      }
    }
  }

  /** Drops the WANTED names this byte of the name rules out. */
  private keyByte(c: u8): void {
    const at = this.keyLength++;
    let candidates = this.keyCandidates;
    for (let i = 0; i < WANTED_COUNT; i++) {
      const bit = 1 << i;
      if ((candidates & bit) == 0) continue;
      const name = unchecked(WANTED[i]);
      if (at >= name.length || unchecked(name[at]) != c) candidates &= ~bit;
    }
    this.keyCandidates = candidates;
  }

  /** The WANTED name read in full, or -1. */
  private wantedKey(): i32 {
    for (let i = 0; i < WANTED_COUNT; i++) {
      if ((this.keyCandidates & (1 << i)) != 0 && unchecked(WANTED[i]).length == this.keyLength) return i;
    }
    return -1;
  }

  private startCapture(): void {
    this.valueNext = false;
    this.capturing = this.wanted;
    let kept = this.kept;
    if (kept === null) {
      kept = new ByteSink(256);
      this.kept = kept;
      this.spans = new StaticArray<i32>(2 * WANTED_COUNT);
    } else if (kept.length > COMPACT_AT) {
      this.compact(kept);
    }
    this.captureFrom = kept.length;
  }

  private keep(c: u8): void {
    const kept = this.kept!;
    if (kept.length - this.captureFrom <= MAX_CAPTURE) kept.push(c);
  }

  private endCapture(): void {
    const kept = this.kept!;
    if (kept.length - this.captureFrom <= MAX_CAPTURE) this.setSpan(this.capturing, this.captureFrom, kept.length);
    else kept.length = this.captureFrom;
    this.capturing = -1;
  }

  /** Moves the latest values to the front of `kept`, in place, oldest first (memory.copy may overlap). */
  private compact(kept: ByteSink): void {
    let length = 0;
    while (true) {
      // The live span starting lowest at or after `length`'s source order.
      let next = -1;
      let nextFrom = i32.MAX_VALUE;
      for (let i = 0; i < WANTED_COUNT; i++) {
        const from = this.spanFrom(i);
        if (this.spanTo(i) > from && from >= length && from < nextFrom) { next = i; nextFrom = from; }
      }
      if (next < 0) break;
      const n = this.spanTo(next) - nextFrom;
      memory.copy(kept.buf.dataStart + <usize>length, kept.buf.dataStart + <usize>nextFrom, <usize>n);
      this.setSpan(next, length, length + n);
      length += n;
    }
    kept.length = length;
  }

  private spanFrom(i: i32): i32 {
    return unchecked(this.spans[2 * i]);
  }

  private spanTo(i: i32): i32 {
    return unchecked(this.spans[2 * i + 1]);
  }

  private setSpan(i: i32, from: i32, to: i32): void {
    unchecked(this.spans[2 * i] = from);
    unchecked(this.spans[2 * i + 1] = to);
  }
}

/** The bytes that move the scanner outside strings. */
// @ts-ignore: decorator
@inline
function isPunctuation(c: u8): bool {
  return c == 0x22 || c == 0x7b || c == 0x7d || c == 0x5b || c == 0x5d || c == 0x2c || c == 0x3a;
}
