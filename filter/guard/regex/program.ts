// The compiled form: a Thompson NFA as a flat instruction array, shared by the
// Pike VM and the lazy DFA. Instructions are 4 i32s: op, arg, out, out1.

import { Assert } from "./ast";
import { isWordCodePoint } from "./charclass";

export const enum Op {
  Char, // arg: code point
  Class, // arg: class index
  Any, // any code point
  AnyNotNewline,
  Split, // try out, then out1 (out has priority)
  Nop, // go to out
  Assert, // arg: Assert bit that must hold at the position
  Match, // arg: pattern index
  Fail,
}

export const INST_SIZE: i32 = 4;

export class Program {
  constructor(
    public insts: StaticArray<i32>,
    public count: i32,
    public start: i32,
    // Per class: ASCII membership as 4 x 32-bit words.
    public classBits: StaticArray<u32>,
    // Per class: [first, end) indexes into classRanges of its non-ASCII ranges.
    public classRangeIndex: StaticArray<i32>,
    // Inclusive lo, hi pairs of code points >= 128.
    public classRanges: StaticArray<i32>,
    public patternCount: i32,
    // OR of every Assert bit the program uses (0: positions need no context).
    public assertMask: i32,
  ) {}

  @inline op(pc: i32): i32 {
    return unchecked(this.insts[pc * INST_SIZE]);
  }
  @inline arg(pc: i32): i32 {
    return unchecked(this.insts[pc * INST_SIZE + 1]);
  }
  @inline out(pc: i32): i32 {
    return unchecked(this.insts[pc * INST_SIZE + 2]);
  }
  @inline out1(pc: i32): i32 {
    return unchecked(this.insts[pc * INST_SIZE + 3]);
  }

  // Whether the consuming instruction at pc accepts code point cp.
  accepts(pc: i32, cp: i32): bool {
    let op = this.op(pc);
    if (op == Op.Char) return cp == this.arg(pc);
    if (op == Op.Class) return this.classContains(this.arg(pc), cp);
    if (op == Op.Any) return true;
    if (op == Op.AnyNotNewline) return cp != 0x0a;
    return false;
  }

  classContains(k: i32, cp: i32): bool {
    if (cp < 128) {
      let word = unchecked(this.classBits[(k << 2) + (cp >> 5)]);
      return ((word >> (<u32>cp & 31)) & 1) != 0;
    }
    let end = unchecked(this.classRangeIndex[(k << 1) + 1]);
    for (let i = unchecked(this.classRangeIndex[k << 1]); i < end; i += 2) {
      if (cp < unchecked(this.classRanges[i])) return false;
      if (cp <= unchecked(this.classRanges[i + 1])) return true;
    }
    return false;
  }
}

// The Assert bits that hold between code points `before` and `after` (-1 for
// the start or end of the text). beginText is separate: it depends on the
// absolute position, not on the neighbours.
export function assertionsAt(before: i32, after: i32, atBeginning: bool): i32 {
  let bits = 0;
  if (atBeginning) bits |= Assert.BEGIN_TEXT | Assert.BEGIN_LINE;
  else if (before == 0x0a) bits |= Assert.BEGIN_LINE;
  if (after < 0) bits |= Assert.END_TEXT | Assert.END_LINE;
  else if (after == 0x0a) bits |= Assert.END_LINE;
  let wordBefore = before >= 0 && isWordCodePoint(before);
  let wordAfter = after >= 0 && isWordCodePoint(after);
  bits |= wordBefore != wordAfter ? Assert.WORD_BOUNDARY : Assert.NOT_WORD_BOUNDARY;
  return bits;
}
