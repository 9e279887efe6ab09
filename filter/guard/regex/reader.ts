// A cursor over a pattern's UTF-8 bytes that remembers the first error, so the
// parser can stop at any depth without exceptions.

import { utf8 } from "../../json/bytes";
import { RegexError } from "./errors";
import { decodeAt, packedCodePoint, packedWidth } from "./utf8";

export class PatternReader {
  readonly bytes: Uint8Array;
  pos: i32 = 0;
  error: RegexError | null = null;

  constructor(pattern: string) {
    this.bytes = utf8(pattern);
  }

  eof(): bool {
    return this.pos >= this.bytes.length;
  }

  // The byte `offset` places ahead, or -1 past the end.
  peek(offset: i32 = 0): i32 {
    let at = this.pos + offset;
    return at < this.bytes.length ? <i32>this.bytes[at] : -1;
  }

  // True (and consumes it) when the input continues with `text` (ASCII).
  accept(text: string): bool {
    for (let i = 0; i < text.length; i++) {
      if (this.peek(i) != text.charCodeAt(i)) return false;
    }
    this.pos += text.length;
    return true;
  }

  nextCodePoint(): i32 {
    let packed = decodeAt(this.bytes.dataStart + <usize>this.pos, this.bytes.length - this.pos);
    this.pos += packedWidth(packed);
    return packedCodePoint(packed);
  }

  // The pattern text between two byte offsets, for error messages.
  text(start: i32, end: i32): string {
    if (end > this.bytes.length) end = this.bytes.length;
    return String.UTF8.decodeUnsafe(this.bytes.dataStart + <usize>start, <usize>(end - start));
  }

  // Records an error (the first one wins) and returns false for chaining.
  fail(message: string, position: i32): bool {
    if (this.error === null) this.error = new RegexError(message, position);
    return false;
  }

  failed(): bool {
    return this.error !== null;
  }
}
