// AST -> Program by Thompson's construction. Several patterns compile into one
// program whose start is a priority-ordered split over them, each ending in
// its own Match, so one scan serves a whole policy.
//
// Repetition follows RE2's expansion so priorities match RE2 exactly:
// x{n,m} = n copies of x, then m-n nested optional copies (x(x)?)?;
// x{n,} = n-1 copies, then x+; x* is a plain loop (also when x can match
// empty, which is what the reference RE2 build does for e.g. (|a)*).

import { Node, NodeKind } from "./ast";
import { CharClass } from "./charclass";
import { RegexError } from "./errors";
import { INST_SIZE, Op, Program } from "./program";

// Bounds compile time, memory and the per-step work of the matchers.
export const MAX_INSTRUCTIONS: i32 = 100000;

// A compiled piece: its entry pc and the dangling exits still to be patched,
// each encoded as pc * 2 + (0: out, 1: out1).
class Frag {
  constructor(public start: i32, public holes: Array<i32>) {}
}

export class CompileResult {
  constructor(public program: Program | null, public error: RegexError | null) {}
}

export function compilePatterns(asts: Array<Node>): CompileResult {
  let c = new Compiler();
  let entries = new Array<i32>();
  for (let i = 0; i < asts.length; i++) {
    let f = c.compile(asts[i]);
    let match = c.emit(Op.Match, i);
    c.patch(f.holes, match);
    entries.push(f.start);
  }
  let start = entries.length == 0 ? c.emit(Op.Fail, 0) : entries[entries.length - 1];
  for (let i = entries.length - 2; i >= 0; i--) {
    start = c.emit(Op.Split, 0);
    c.setOut(start, 0, entries[i]);
    c.setOut(start, 1, entries[i + 1]);
    entries[i] = start;
  }
  if (c.tooLarge) {
    return new CompileResult(null, new RegexError("pattern compiles to more than " + MAX_INSTRUCTIONS.toString() + " instructions", 0));
  }
  return new CompileResult(c.finish(start, asts.length), null);
}

class Compiler {
  insts: Array<i32> = new Array<i32>();
  classes: Array<CharClass> = new Array<CharClass>();
  classIndex: Map<string, i32> = new Map<string, i32>();
  assertMask: i32 = 0;
  tooLarge: bool = false;

  emit(op: Op, arg: i32): i32 {
    let pc = this.insts.length / INST_SIZE;
    if (pc >= MAX_INSTRUCTIONS) {
      // Keep going on a sink instruction so callers need no checks; the
      // result is discarded.
      this.tooLarge = true;
      return 0;
    }
    this.insts.push(op);
    this.insts.push(arg);
    this.insts.push(-1);
    this.insts.push(-1);
    return pc;
  }

  setOut(pc: i32, which: i32, target: i32): void {
    if (this.tooLarge) return;
    this.insts[pc * INST_SIZE + 2 + which] = target;
  }

  patch(holes: Array<i32>, target: i32): void {
    for (let i = 0; i < holes.length; i++) this.setOut(holes[i] >> 1, holes[i] & 1, target);
  }

  single(op: Op, arg: i32): Frag {
    let pc = this.emit(op, arg);
    let holes = new Array<i32>();
    holes.push(pc * 2);
    return new Frag(pc, holes);
  }

  compile(n: Node): Frag {
    if (this.tooLarge) return this.single(Op.Nop, 0);
    switch (n.kind) {
      case NodeKind.Empty:
        return this.single(Op.Nop, 0);
      case NodeKind.Literal:
        return this.single(Op.Char, n.codePoint);
      case NodeKind.Class:
        if (n.cls!.isEmpty()) return new Frag(this.emit(Op.Fail, 0), new Array<i32>());
        return this.single(Op.Class, this.classId(n.cls!));
      case NodeKind.AnyChar:
        return this.single(Op.Any, 0);
      case NodeKind.AnyNotNewline:
        return this.single(Op.AnyNotNewline, 0);
      case NodeKind.Assert:
        this.assertMask |= n.assert;
        return this.single(Op.Assert, n.assert);
      case NodeKind.Concat:
        return this.concat(n.children);
      case NodeKind.Alternate:
        return this.alternate(n.children);
      default:
        return this.repeat(n.children[0], n.min, n.max, n.greedy);
    }
  }

  concat(children: Array<Node>): Frag {
    let first = this.compile(children[0]);
    let holes = first.holes;
    for (let i = 1; i < children.length; i++) {
      let next = this.compile(children[i]);
      this.patch(holes, next.start);
      holes = next.holes;
    }
    return new Frag(first.start, holes);
  }

  // Right-nested splits keep the branches in priority order.
  alternate(children: Array<Node>): Frag {
    let frags = new Array<Frag>();
    for (let i = 0; i < children.length; i++) frags.push(this.compile(children[i]));
    let last = frags[frags.length - 1];
    let start = last.start;
    let holes = last.holes;
    for (let i = frags.length - 2; i >= 0; i--) {
      let split = this.emit(Op.Split, 0);
      this.setOut(split, 0, frags[i].start);
      this.setOut(split, 1, start);
      start = split;
      holes = holes.concat(frags[i].holes);
    }
    return new Frag(start, holes);
  }

  repeat(x: Node, min: i32, max: i32, greedy: bool): Frag {
    if (max == -1) {
      if (min == 0) return this.star(x, greedy);
      let head = this.copies(x, min - 1);
      let tail = this.plus(x, greedy);
      return this.join(head, tail);
    }
    if (max == 0) return this.single(Op.Nop, 0);
    let head = this.copies(x, min);
    if (max == min) return head!;
    // (x(x(x)?)?)? built inside out.
    let optional = this.quest(this.compile(x), greedy);
    for (let i = max - min - 1; i > 0; i--) {
      optional = this.quest(this.join(this.compile(x), optional), greedy);
    }
    return this.join(head, optional);
  }

  // n copies of x in sequence, or null for n == 0.
  copies(x: Node, n: i32): Frag | null {
    let result: Frag | null = null;
    for (let i = 0; i < n; i++) result = this.join(result, this.compile(x));
    return result;
  }

  join(a: Frag | null, b: Frag): Frag {
    if (a === null) return b;
    this.patch(a.holes, b.start);
    return new Frag(a.start, b.holes);
  }

  // A split whose preferred branch is `body` when greedy, the exit otherwise.
  // Returns the split pc; its exit hole is pc*2 + exitSide.
  loopSplit(body: i32, greedy: bool): i32 {
    let split = this.emit(Op.Split, 0);
    this.setOut(split, greedy ? 0 : 1, body);
    return split;
  }

  star(x: Node, greedy: bool): Frag {
    let body = this.compile(x);
    let split = this.loopSplit(body.start, greedy);
    this.patch(body.holes, split);
    let holes = new Array<i32>();
    holes.push(split * 2 + (greedy ? 1 : 0));
    return new Frag(split, holes);
  }

  plus(x: Node, greedy: bool): Frag {
    let body = this.compile(x);
    let split = this.loopSplit(body.start, greedy);
    this.patch(body.holes, split);
    let holes = new Array<i32>();
    holes.push(split * 2 + (greedy ? 1 : 0));
    return new Frag(body.start, holes);
  }

  quest(body: Frag, greedy: bool): Frag {
    let split = this.loopSplit(body.start, greedy);
    let holes = body.holes.slice(0);
    holes.push(split * 2 + (greedy ? 1 : 0));
    return new Frag(split, holes);
  }

  // Identical classes share one table entry (fewer distinct symbols for the DFA).
  classId(cls: CharClass): i32 {
    let key = rangesKey(cls.ranges);
    if (this.classIndex.has(key)) return this.classIndex.get(key);
    let id = this.classes.length;
    this.classes.push(cls);
    this.classIndex.set(key, id);
    return id;
  }

  finish(start: i32, patternCount: i32): Program {
    let count = this.insts.length / INST_SIZE;
    let insts = new StaticArray<i32>(this.insts.length);
    for (let i = 0; i < this.insts.length; i++) insts[i] = this.insts[i];
    skipNops(insts, count);
    while (insts[start * INST_SIZE] == Op.Nop) start = insts[start * INST_SIZE + 2];
    let nClasses = this.classes.length;
    let bits = new StaticArray<u32>(nClasses * 4);
    let index = new StaticArray<i32>(nClasses * 2);
    let ranges = new Array<i32>();
    for (let k = 0; k < nClasses; k++) {
      let r = this.classes[k].ranges;
      index[k * 2] = ranges.length;
      for (let i = 0; i < r.length; i += 2) {
        let lo = r[i];
        let hi = r[i + 1];
        for (let cp = lo; cp <= hi && cp < 128; cp++) bits[k * 4 + (cp >> 5)] |= (<u32>1) << (<u32>cp & 31);
        if (hi >= 128) {
          ranges.push(lo < 128 ? 128 : lo);
          ranges.push(hi);
        }
      }
      index[k * 2 + 1] = ranges.length;
    }
    let rangeTable = new StaticArray<i32>(ranges.length);
    for (let i = 0; i < ranges.length; i++) rangeTable[i] = ranges[i];
    return new Program(insts, count, start, bits, index, rangeTable, patternCount, this.assertMask);
  }
}

// Points every out/out1 past chains of Nops, so the matchers never visit them.
function skipNops(insts: StaticArray<i32>, count: i32): void {
  for (let pc = 0; pc < count; pc++) {
    for (let side = 2; side <= 3; side++) {
      let target = insts[pc * INST_SIZE + side];
      // Nop chains are acyclic (every loop passes a Split); the step bound is
      // a guard, not a expected limit.
      for (let steps = 0; target >= 0 && insts[target * INST_SIZE] == Op.Nop && steps < count; steps++) {
        target = insts[target * INST_SIZE + 2];
      }
      insts[pc * INST_SIZE + side] = target;
    }
  }
}

function rangesKey(r: Array<i32>): string {
  let key = "";
  for (let i = 0; i < r.length; i++) key += r[i].toString() + ",";
  return key;
}
