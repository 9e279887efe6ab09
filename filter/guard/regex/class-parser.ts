// Bracketed classes: [abc], [^a-z], [\d_], [[:alpha:]], with RE2's rules:
// a leading ] is literal, - is literal where it cannot form a range, and under
// (?i) each item is folded before a leading ^ negates the whole set.

import { CharClass, posixClass } from "./charclass";
import { EscapeKind, parseEscape } from "./escapes";
import { PatternReader } from "./reader";

// Parses the class at r.pos (which is '['). Returns null on error.
export function parseClass(r: PatternReader, foldCase: bool): CharClass | null {
  let open = r.pos;
  r.pos++;
  let negated = r.accept("^");
  let cls = new CharClass();
  let first = true;
  while (true) {
    if (r.eof()) {
      r.fail("missing closing ]: " + r.text(open, r.pos), open);
      return null;
    }
    let c = r.peek();
    if (c == 0x5d && !first) {
      r.pos++;
      break;
    }
    first = false;
    if (c == 0x5b && r.peek(1) == 0x3a) {
      let posix = parsePosix(r, foldCase);
      if (r.failed()) return null;
      if (posix !== null) {
        cls.addClass(posix);
        continue;
      }
    }
    let itemStart = r.pos;
    let lo = parseClassChar(r, cls, foldCase);
    if (lo == ITEM_ERROR) return null;
    if (lo == ITEM_WAS_CLASS) continue;
    let hi = lo;
    // "a-" before the closing ] is two literals, not a range.
    if (r.peek() == 0x2d && r.peek(1) != 0x5d && r.peek(1) != -1) {
      r.pos++;
      hi = parseClassChar(r, null, foldCase);
      if (hi == ITEM_ERROR) return null;
      if (hi < lo) {
        r.fail("invalid character class range: " + r.text(itemStart, r.pos), itemStart);
        return null;
      }
    }
    let range = new CharClass().addRange(lo, hi);
    if (foldCase) range.foldAscii();
    cls.addClass(range);
  }
  if (negated) cls.negate();
  return cls;
}

const ITEM_ERROR: i32 = -1;
const ITEM_WAS_CLASS: i32 = -2;

// One class member: a code point (returned), or a Perl class added straight
// into `into` (ITEM_WAS_CLASS). A Perl class as a range end (into == null) is
// an error, as in RE2.
function parseClassChar(r: PatternReader, into: CharClass | null, foldCase: bool): i32 {
  if (r.peek() != 0x5c) return r.nextCodePoint();
  let start = r.pos;
  let e = parseEscape(r, true, foldCase);
  if (e === null) return ITEM_ERROR;
  if (e.kind == EscapeKind.CodePoint) return e.codePoint;
  if (into === null) {
    r.fail("invalid character class range end: " + r.text(start, r.pos), start);
    return ITEM_ERROR;
  }
  into.addClass(e.cls!);
  return ITEM_WAS_CLASS;
}

// [:name:] or [:^name:] at r.pos. Returns null without consuming anything when
// the text is not of that shape (then '[' is an ordinary member).
function parsePosix(r: PatternReader, foldCase: bool): CharClass | null {
  let start = r.pos;
  let bytes = r.bytes;
  let end = start + 2;
  while (end + 1 < bytes.length && !(bytes[end] == 0x3a && bytes[end + 1] == 0x5d)) end++;
  if (end + 1 >= bytes.length) return null;
  let negated = bytes[start + 2] == 0x5e;
  let name = r.text(start + (negated ? 3 : 2), end);
  let cls = posixClass(name);
  if (cls === null) {
    r.fail("invalid character class range: " + r.text(start, end + 2), start);
    return null;
  }
  r.pos = end + 2;
  if (foldCase) cls.foldAscii();
  if (negated) cls.negate();
  return cls;
}
