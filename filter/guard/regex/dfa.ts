// Lazily built DFA over the program, used as a fast filter: it runs the
// unanchored search over all patterns at once and reports where some match
// ends and the last position where no thread was alive ("quiet"). The Pike VM
// then resolves the exact leftmost-first span from that quiet position.
//
// A state is the set of NFA pcs waiting after a consumed code point (the
// "kernel", closure not yet taken) plus what the assertions need to know
// about the previous code point. Closures are taken when the next code
// point's class is known, so ^ $ \b \B resolve exactly. States and
// transitions are built on first use and cached; past the memory budget the
// cache is dropped and rebuilt, so each step costs at most one state
// construction and the scan stays linear.

import { Alphabet } from "./alphabet";
import { Assert } from "./ast";
import { isWordCodePoint } from "./charclass";
import { INST_SIZE, Op, Program } from "./program";
import { StepCache } from "./step-cache";

// Transition entries: (next state offset << 2) | QUIET | MATCH, or UNKNOWN
// (not built yet; it has the MATCH bit set, so the scan loop's single test
// for "leave the fast path" catches both).
export const TRANS_MATCH: i32 = 1; // a match ends before this code point
export const TRANS_QUIET: i32 = 2; // no thread is alive after it
const UNKNOWN: i32 = -1;

const PREV_WORD: i32 = 1;
const PREV_NEWLINE: i32 = 2;
const AT_BEGINNING: i32 = 4;

// Cache budget: transition-table entries and kernel pcs (4 bytes each), so
// about 1.5 MB per PatternSet at worst (typical policies need a few KB).
const MAX_TABLE_ENTRIES: i32 = 1 << 18;
const MAX_KERNEL_PCS: i32 = 1 << 17;

export class Dfa {
  readonly alphabet: Alphabet;
  // Classes plus one for the end of the text.
  readonly stride: i32;
  readonly endClass: i32;
  trans: StaticArray<i32>;
  // The Pike VM's step memo, over the same alphabet (it settles the spans
  // this DFA finds).
  readonly steps: StepCache;
  stateCount: i32 = 0;
  resets: i32 = 0;
  private flagMask: i32 = 0;
  private kernels: Array<i32> = new Array<i32>();
  private kernelOffset: Array<i32> = new Array<i32>();
  private stateFlags: Array<i32> = new Array<i32>();
  // States by hash of (flags, kernel): the first state with that hash, the
  // others chained through sameHash.
  private index: Map<u32, i32> = new Map<u32, i32>();
  private sameHash: Array<i32> = new Array<i32>();
  private startStates: StaticArray<i32> = new StaticArray<i32>(8);
  // Scratch for building a transition.
  private visited: StaticArray<u32>;
  private visitGen: u32 = 0;
  private stack: StaticArray<i32>;
  private next: Array<i32> = new Array<i32>();

  constructor(public prog: Program) {
    this.alphabet = new Alphabet(prog);
    this.endClass = this.alphabet.count;
    this.stride = this.alphabet.count + 1;
    this.trans = new StaticArray<i32>(this.stride * 16);
    this.steps = new StepCache(this.alphabet, prog.assertMask);
    this.visited = new StaticArray<u32>(prog.count);
    this.stack = new StaticArray<i32>(2 * prog.count + 2);
    let m = prog.assertMask;
    if ((m & (Assert.WORD_BOUNDARY | Assert.NOT_WORD_BOUNDARY)) != 0) this.flagMask |= PREV_WORD;
    if ((m & Assert.BEGIN_LINE) != 0) this.flagMask |= PREV_NEWLINE | AT_BEGINNING;
    if ((m & Assert.BEGIN_TEXT) != 0) this.flagMask |= AT_BEGINNING;
    this.clear();
  }

  // The state offset for a fresh search at a position, given the code point
  // before it (-1 at the beginning of the text).
  startState(prevCp: i32): i32 {
    let flags = 0;
    if (prevCp < 0) flags = AT_BEGINNING | PREV_NEWLINE;
    else {
      if (prevCp == 0x0a) flags |= PREV_NEWLINE;
      if (isWordCodePoint(prevCp)) flags |= PREV_WORD;
    }
    flags &= this.flagMask;
    let s = unchecked(this.startStates[flags]);
    if (s < 0) {
      s = this.stateFor(new Array<i32>(), flags);
      unchecked((this.startStates[flags] = s));
    }
    return s;
  }

  // Builds (and caches) the transition of a state on class k; `stateOffset`
  // is a state index times stride, as stored in transitions.
  build(stateOffset: i32, k: i32): i32 {
    let state = stateOffset / this.stride;
    let flags = this.stateFlags[state];
    let bits = this.assertBits(flags, k);
    let prog = this.prog;
    let insts = prog.insts;
    let rep = k == this.endClass ? -1 : this.alphabet.representative[k];

    this.nextVisitGeneration();
    let match = false;
    let next = this.next;
    next.length = 0;
    let from = this.kernelOffset[state];
    let to = this.kernelOffset[state + 1];
    // The kernel, then a new thread starting here (the search is unanchored).
    for (let i = from; i <= to; i++) {
      let root = i < to ? this.kernels[i] : prog.start;
      let sp = 0;
      unchecked((this.stack[sp++] = root));
      while (sp > 0) {
        let pc = unchecked(this.stack[--sp]);
        if (unchecked(this.visited[pc]) == this.visitGen) continue;
        unchecked((this.visited[pc] = this.visitGen));
        let at = pc * INST_SIZE;
        let op = unchecked(insts[at]);
        if (op == Op.Split) {
          unchecked((this.stack[sp++] = insts[at + 3]));
          unchecked((this.stack[sp++] = insts[at + 2]));
        } else if (op == Op.Assert) {
          if ((bits & unchecked(insts[at + 1])) != 0) unchecked((this.stack[sp++] = insts[at + 2]));
        } else if (op == Op.Nop) {
          unchecked((this.stack[sp++] = insts[at + 2]));
        } else if (op == Op.Match) {
          match = true;
        } else if (op != Op.Fail && rep >= 0 && prog.accepts(pc, rep)) {
          next.push(unchecked(insts[at + 2]));
        }
      }
    }
    let value = match ? TRANS_MATCH : 0;
    if (k == this.endClass) {
      value |= stateOffset << 2; // no successor at the end; keep the entry valid
    } else {
      sortUnique(next);
      let nextFlags = 0;
      if (this.alphabet.isWord(k)) nextFlags |= PREV_WORD;
      if (rep == 0x0a) nextFlags |= PREV_NEWLINE;
      let resetsBefore = this.resets;
      let target = this.stateFor(next, nextFlags & this.flagMask);
      value |= (target << 2) | (next.length == 0 ? TRANS_QUIET : 0);
      // A reset dropped the source state: nothing to cache it in.
      if (this.resets != resetsBefore) return value;
    }
    unchecked((this.trans[stateOffset + k] = value));
    return value;
  }

  private assertBits(flags: i32, k: i32): i32 {
    let bits = 0;
    if ((flags & AT_BEGINNING) != 0) bits |= Assert.BEGIN_TEXT;
    if ((flags & PREV_NEWLINE) != 0) bits |= Assert.BEGIN_LINE;
    let wordAfter = false;
    if (k == this.endClass) bits |= Assert.END_TEXT | Assert.END_LINE;
    else {
      if (this.alphabet.isNewline(k)) bits |= Assert.END_LINE;
      wordAfter = this.alphabet.isWord(k);
    }
    bits |= ((flags & PREV_WORD) != 0) != wordAfter ? Assert.WORD_BOUNDARY : Assert.NOT_WORD_BOUNDARY;
    return bits;
  }

  // Offset of the state (kernel, flags), creating it if new.
  private stateFor(kernel: Array<i32>, flags: i32): i32 {
    let hash = hashState(kernel, flags);
    let found = this.index.has(hash) ? this.index.get(hash) : -1;
    for (let state = found; state >= 0; state = this.sameHash[state]) {
      if (this.isState(state, kernel, flags)) return state * this.stride;
    }
    if ((this.stateCount + 1) * this.stride > MAX_TABLE_ENTRIES || this.kernels.length + kernel.length > MAX_KERNEL_PCS) {
      this.clear();
      this.resets++;
      found = -1;
    }
    let state = this.stateCount++;
    let offset = state * this.stride;
    if (offset + this.stride > this.trans.length) this.grow();
    for (let i = 0; i < this.stride; i++) unchecked((this.trans[offset + i] = UNKNOWN));
    for (let i = 0; i < kernel.length; i++) this.kernels.push(kernel[i]);
    this.kernelOffset.push(this.kernels.length);
    this.stateFlags.push(flags);
    this.sameHash.push(found);
    this.index.set(hash, state);
    return offset;
  }

  private isState(state: i32, kernel: Array<i32>, flags: i32): bool {
    let from = this.kernelOffset[state];
    if (this.stateFlags[state] != flags || this.kernelOffset[state + 1] - from != kernel.length) return false;
    for (let i = 0; i < kernel.length; i++) {
      if (this.kernels[from + i] != kernel[i]) return false;
    }
    return true;
  }

  private grow(): void {
    let capacity = min(this.trans.length * 2, MAX_TABLE_ENTRIES + this.stride);
    let bigger = new StaticArray<i32>(capacity);
    memory.copy(changetype<usize>(bigger), changetype<usize>(this.trans), <usize>this.trans.length << 2);
    this.trans = bigger;
  }

  private clear(): void {
    this.stateCount = 0;
    this.kernels.length = 0;
    this.kernelOffset.length = 0;
    this.kernelOffset.push(0);
    this.stateFlags.length = 0;
    this.sameHash.length = 0;
    this.index.clear();
    for (let i = 0; i < 8; i++) unchecked((this.startStates[i] = -1));
  }

  private nextVisitGeneration(): void {
    if (this.visitGen == u32.MAX_VALUE) {
      memory.fill(changetype<usize>(this.visited), 0, <usize>this.prog.count << 2);
      this.visitGen = 0;
    }
    this.visitGen++;
  }
}

function sortUnique(a: Array<i32>): void {
  a.sort((x: i32, y: i32): i32 => x - y);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (n == 0 || a[n - 1] != a[i]) a[n++] = a[i];
  }
  a.length = n;
}

// FNV-1a over the flags and kernel pcs.
function hashState(kernel: Array<i32>, flags: i32): u32 {
  let h: u32 = 2166136261;
  h = (h ^ <u32>flags) * 16777619;
  for (let i = 0; i < kernel.length; i++) h = (h ^ <u32>kernel[i]) * 16777619;
  return h;
}
