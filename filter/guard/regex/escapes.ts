// Backslash escapes, shared by the top level and character classes. Anything
// RE2 syntax has but Weir refuses gets its own message, so a CRD author sees
// "backreferences are not supported" rather than "invalid escape".

import { Assert } from "./ast";
import { CharClass, digitClass, spaceClass, wordClass } from "./charclass";
import { PatternReader } from "./reader";
import { MAX_CODE_POINT } from "./utf8";

export const enum EscapeKind {
  CodePoint,
  Class,
  Assert,
  QuoteStart, // \Q: literal text up to \E
}

export class Escape {
  codePoint: i32 = 0;
  cls: CharClass | null = null;
  assert: i32 = 0;
  constructor(public kind: EscapeKind) {}
}

function codePoint(cp: i32): Escape {
  let e = new Escape(EscapeKind.CodePoint);
  e.codePoint = cp;
  return e;
}

function hexValue(b: i32): i32 {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

function isAsciiAlnum(b: i32): bool {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

// \d \D \s \S \w \W, folded before negation as RE2 does, so (?i)\W stays the
// exact complement of (?i)\w.
export function perlClass(letter: i32, foldCase: bool): CharClass | null {
  let cls: CharClass;
  let lower = letter | 0x20;
  if (lower == 0x64) cls = digitClass();
  else if (lower == 0x73) cls = spaceClass();
  else if (lower == 0x77) cls = wordClass();
  else return null;
  if (foldCase) cls.foldAscii();
  if (letter != lower) cls.negate();
  return cls;
}

// Parses the escape at r.pos (which is a backslash). Returns null on error.
export function parseEscape(r: PatternReader, inClass: bool, foldCase: bool): Escape | null {
  let start = r.pos;
  r.pos++;
  if (r.eof()) {
    r.fail("trailing backslash at end of expression", start);
    return null;
  }
  let c = r.peek();
  if (c >= 0x80) {
    r.nextCodePoint();
    r.fail("invalid escape sequence: " + r.text(start, r.pos), start);
    return null;
  }
  r.pos++;
  if (c >= 0x31 && c <= 0x39) {
    r.fail("backreferences are not supported: " + r.text(start, r.pos), start);
    return null;
  }
  if (c == 0x30) {
    // \0 with up to two more octal digits.
    let v = 0;
    for (let i = 0; i < 2 && r.peek() >= 0x30 && r.peek() <= 0x37; i++) {
      v = v * 8 + (r.peek() - 0x30);
      r.pos++;
    }
    return codePoint(v);
  }
  if (c == 0x78) return parseHex(r, start);
  switch (c) {
    case 0x61: return codePoint(0x07); // \a
    case 0x66: return codePoint(0x0c); // \f
    case 0x74: return codePoint(0x09); // \t
    case 0x6e: return codePoint(0x0a); // \n
    case 0x72: return codePoint(0x0d); // \r
    case 0x76: return codePoint(0x0b); // \v
  }
  let cls = perlClass(c, foldCase);
  if (cls !== null) {
    let e = new Escape(EscapeKind.Class);
    e.cls = cls;
    return e;
  }
  if (c == 0x70 || c == 0x50) {
    r.fail("Unicode character classes (\\p, \\P) are not supported", start);
    return null;
  }
  if (c == 0x43) {
    r.fail("\\C (any single byte) is not supported", start);
    return null;
  }
  if (!inClass) {
    let bit = 0;
    if (c == 0x62) bit = Assert.WORD_BOUNDARY;
    else if (c == 0x42) bit = Assert.NOT_WORD_BOUNDARY;
    else if (c == 0x41) bit = Assert.BEGIN_TEXT;
    else if (c == 0x7a) bit = Assert.END_TEXT;
    if (bit != 0) {
      let e = new Escape(EscapeKind.Assert);
      e.assert = bit;
      return e;
    }
    if (c == 0x51) return new Escape(EscapeKind.QuoteStart);
  }
  // Any other ASCII punctuation (or space, or control) stands for itself.
  if (!isAsciiAlnum(c)) return codePoint(c);
  r.fail("invalid escape sequence: " + r.text(start, r.pos), start);
  return null;
}

// \xHH (exactly two digits) or \x{H...}; r.pos is just past the x.
function parseHex(r: PatternReader, start: i32): Escape | null {
  if (r.peek() == 0x7b) {
    r.pos++;
    let v = 0;
    let digits = 0;
    while (hexValue(r.peek()) >= 0) {
      v = v * 16 + hexValue(r.peek());
      r.pos++;
      digits++;
      if (v > MAX_CODE_POINT) break;
    }
    if (digits == 0 || v > MAX_CODE_POINT || r.peek() != 0x7d) {
      r.fail("invalid escape sequence: " + r.text(start, r.pos + 1), start);
      return null;
    }
    r.pos++;
    return codePoint(v);
  }
  let hi = hexValue(r.peek());
  let lo = hexValue(r.peek(1));
  if (hi < 0 || lo < 0) {
    r.fail("invalid escape sequence: " + r.text(start, r.pos + 2), start);
    return null;
  }
  r.pos += 2;
  return codePoint(hi * 16 + lo);
}
