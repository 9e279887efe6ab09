// JSON string escapes, on UTF-8 bytes. Decoding turns the bytes between a
// string's quotes into the UTF-8 text it denotes; encoding does the reverse so a
// rewritten value can be spliced back into a body as valid JSON.

import { utf8 } from "./bytes";

/** Decodes src[from, to) (the bytes between the quotes). Null on a malformed escape. */
export function decodeJsonString(src: Uint8Array, from: i32, to: i32): Uint8Array | null {
  const out = new ByteSink(to - from);
  let i = from;
  while (i < to) {
    const c = unchecked(src[i]);
    if (c != 0x5c) { out.push(c); i++; continue; }
    if (i + 1 >= to) return null;
    const e = unchecked(src[i + 1]);
    i += 2;
    if (e == 0x22 || e == 0x5c || e == 0x2f) out.push(e);
    else if (e == 0x62) out.push(0x08);
    else if (e == 0x66) out.push(0x0c);
    else if (e == 0x6e) out.push(0x0a);
    else if (e == 0x72) out.push(0x0d);
    else if (e == 0x74) out.push(0x09);
    else if (e == 0x75) {
      let cp = hex4(src, i, to);
      if (cp < 0) return null;
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= to && src[i] == 0x5c && src[i + 1] == 0x75) {
        const low = hex4(src, i + 2, to);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
      }
      // A lone surrogate cannot be UTF-8: write U+FFFD, as most decoders do.
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      out.pushCodePoint(cp);
    } else return null;
  }
  return out.toBytes();
}

/** Whether every escape in src[from, to) is one decodeJsonString accepts (the same checks, nothing decoded). */
export function validJsonEscapes(src: Uint8Array, from: i32, to: i32): bool {
  let i = from;
  while (i < to) {
    if (unchecked(src[i]) != 0x5c) { i++; continue; }
    if (i + 1 >= to) return false;
    const e = unchecked(src[i + 1]);
    i += 2;
    if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) continue;
    if (e != 0x75) return false;
    if (hex4(src, i, to) < 0) return false;
    // A surrogate pair's second half is decoded when valid and otherwise read as an escape of its own.
    i += 4;
  }
  return true;
}

function hex4(src: Uint8Array, at: i32, to: i32): i32 {
  if (at + 4 > to) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const d = hexDigit(unchecked(src[at + k]));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function hexDigit(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const HEX = "0123456789abcdef";

/** Appends `text` (UTF-8 bytes) to `out` as a quoted JSON string. Non-ASCII bytes pass as they are. */
export function encodeJsonString(text: Uint8Array, out: ByteSink): void {
  encodeJsonSpan(text, 0, text.length, out);
}

/** encodeJsonString of text[from, to). */
export function encodeJsonSpan(text: Uint8Array, from: i32, to: i32, out: ByteSink): void {
  out.reserve(to - from + 2);
  out.push(0x22);
  for (let i = from; i < to; i++) {
    const c = unchecked(text[i]);
    if (c == 0x22 || c == 0x5c) { out.push(0x5c); out.push(c); }
    else if (c == 0x0a) { out.push(0x5c); out.push(0x6e); }
    else if (c == 0x0d) { out.push(0x5c); out.push(0x72); }
    else if (c == 0x09) { out.push(0x5c); out.push(0x74); }
    else if (c < 0x20) {
      out.push(0x5c); out.push(0x75); out.push(0x30); out.push(0x30);
      out.push(<u8>HEX.charCodeAt(c >> 4)); out.push(<u8>HEX.charCodeAt(c & 15));
    } else out.push(c);
  }
  out.push(0x22);
}

/** Quotes an AssemblyScript string as JSON. */
export function jsonQuote(s: string): string {
  const sink = new ByteSink(s.length + 2);
  encodeJsonString(utf8(s), sink);
  const bytes = sink.toBytes();
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}

/** A growable byte buffer. */
export class ByteSink {
  buf: Uint8Array;
  length: i32 = 0;

  constructor(capacity: i32) {
    this.buf = new Uint8Array(capacity < 16 ? 16 : capacity);
  }

  reserve(extra: i32): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    if (cap < need) cap = need;
    const next = new Uint8Array(cap);
    memory.copy(next.dataStart, this.buf.dataStart, this.length);
    this.buf = next;
  }

  push(b: u8): void {
    if (this.length == this.buf.length) this.reserve(1);
    unchecked(this.buf[this.length++] = b);
  }

  pushCodePoint(cp: i32): void {
    if (cp < 0x80) { this.push(<u8>cp); }
    else if (cp < 0x800) { this.push(<u8>(0xc0 | (cp >> 6))); this.push(<u8>(0x80 | (cp & 63))); }
    else if (cp < 0x10000) {
      this.push(<u8>(0xe0 | (cp >> 12))); this.push(<u8>(0x80 | ((cp >> 6) & 63))); this.push(<u8>(0x80 | (cp & 63)));
    } else {
      this.push(<u8>(0xf0 | (cp >> 18))); this.push(<u8>(0x80 | ((cp >> 12) & 63)));
      this.push(<u8>(0x80 | ((cp >> 6) & 63))); this.push(<u8>(0x80 | (cp & 63)));
    }
  }

  pushBytes(src: Uint8Array, from: i32, to: i32): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(n);
    memory.copy(this.buf.dataStart + this.length, src.dataStart + from, n);
    this.length += n;
  }

  /** ASCII goes byte for byte (no encoded copy: SSE framing writes "data: " and line ends per event). */
  pushString(s: string): void {
    const n = s.length;
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.length -= i;
        const b = utf8(s);
        this.pushBytes(b, 0, b.length);
        return;
      }
      unchecked(this.buf[this.length++] = <u8>c);
    }
  }

  /** Empties the sink for reuse; a buffer grown past 64 KiB by one large piece is let go. */
  reset(): void {
    this.length = 0;
    if (this.buf.length > 65536) this.buf = new Uint8Array(256);
  }

  /** Whether the sink holds exactly `bytes`. */
  equals(bytes: Uint8Array): bool {
    if (this.length != bytes.length) return false;
    return memory.compare(this.buf.dataStart, bytes.dataStart, <usize>bytes.length) == 0;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    memory.copy(out.dataStart, this.buf.dataStart, this.length);
    return out;
  }
}
