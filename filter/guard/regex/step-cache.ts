// Memo of whole Pike VM steps, so settling a match costs a table lookup per
// code point instead of walking every thread's closure.
//
// A step's outcome depends only on the kernel's pcs in priority order,
// whether a match is pending (no new thread starts then), the assertion bits
// and the code point's alphabet class. Thread starts just ride along: each
// next thread inherits the start of the thread it came from. So a record
// keeps the next kernel's pcs and, for each, the index of its source thread
// (-1: the thread starting here). Validators (Luhn) make a step depend on the
// bytes, so a record also lists the step's Match events in priority order:
// replaying it runs their validators, and the first accepted one cuts the
// threads after it, as the step would.
//
// Shared by every Pike VM of a PatternSet. The memory is bounded: past the
// budget everything is dropped (epoch++) and VMs re-enter their kernel.

import { Alphabet } from "./alphabet";
import { Assert } from "./ast";

// A Match event: source index, pattern, next threads before it, and the
// state of the kernel they form once it is accepted.
export const EVENT_SIZE: i32 = 4;
const UNKNOWN: i32 = -1;
// Budget in i32s for transitions, and for states and records together:
// about 2 MB per PatternSet at worst.
const MAX_ENTRIES: i32 = 1 << 18;
const MAX_ITEMS: i32 = 1 << 18;

export class StepCache {
  readonly classes: i32;
  // Transitions per state: (combinations of the assertion bits the program
  // uses) x classes.
  readonly stride: i32;
  // Assertion bits -> index among the combinations of the bits the program uses.
  readonly bitsIndex: StaticArray<u8> = new StaticArray<u8>(64);
  epoch: i32 = 0;
  // state * stride + bitsIndex * classes + class -> record offset, or UNKNOWN.
  trans: StaticArray<i32>;
  // Records, each [next state if no event is accepted, n, event count,
  // events, n pcs, n sources]; a record's id is its offset here.
  records: StaticArray<i32>;
  private recordsEnd: i32 = 0;
  // States: [matched, n, n pcs] at stateAt[state]; interned by hash, chained
  // through sameHash.
  private stateData: Array<i32> = new Array<i32>();
  private stateAt: Array<i32> = new Array<i32>();
  private sameHash: Array<i32> = new Array<i32>();
  private index: Map<u32, i32> = new Map<u32, i32>();

  constructor(public alphabet: Alphabet, assertMask: i32) {
    this.classes = alphabet.count;
    // Exactly one of \b and \B holds at any position: one bit tells both.
    let mask = assertMask;
    if ((mask & Assert.WORD_BOUNDARY) != 0) mask &= ~Assert.NOT_WORD_BOUNDARY;
    let width = 1;
    for (let bit = 1; bit < 64; bit <<= 1) {
      if ((mask & bit) != 0) width <<= 1;
    }
    this.stride = width * alphabet.count;
    for (let bits = 0; bits < 64; bits++) this.bitsIndex[bits] = <u8>compress(bits, mask);
    this.trans = new StaticArray<i32>(this.stride * 4);
    this.records = new StaticArray<i32>(1024);
    this.clear();
  }

  // The transition slot of a step from `state` over code point cp.
  @inline slot(state: i32, assertBits: i32, cp: i32): i32 {
    return state * this.stride + <i32>unchecked(this.bitsIndex[assertBits]) * this.classes + this.alphabet.classOf(cp);
  }

  // The address of the record in a slot, or 0 if the step is not cached.
  @inline recordAt(slot: i32): usize {
    let at = unchecked(this.trans[slot]);
    if (at < 0) return 0;
    return changetype<usize>(this.records) + (<usize>at << 2);
  }

  // The state of a kernel (pcs at address `pcs`), creating it if new.
  stateOf(pcs: usize, n: i32, matched: bool): i32 {
    let flag = matched ? 1 : 0;
    let h: u32 = 2166136261 ^ <u32>flag;
    for (let i = 0; i < n; i++) h = (h ^ load<u32>(pcs + (<usize>i << 2))) * 16777619;
    let first = this.index.has(h) ? this.index.get(h) : -1;
    for (let s = first; s >= 0; s = unchecked(this.sameHash[s])) {
      if (this.isState(s, pcs, n, flag)) return s;
    }
    let state = this.stateAt.length;
    if ((state + 1) * this.stride > MAX_ENTRIES || this.stateData.length + n + this.recordsEnd > MAX_ITEMS) {
      this.clear();
      this.epoch++;
      return this.stateOf(pcs, n, matched);
    }
    if ((state + 1) * this.stride > this.trans.length) this.trans = grown(this.trans, (state + 1) * this.stride);
    for (let i = state * this.stride; i < (state + 1) * this.stride; i++) unchecked((this.trans[i] = UNKNOWN));
    this.stateAt.push(this.stateData.length);
    this.stateData.push(flag);
    this.stateData.push(n);
    for (let i = 0; i < n; i++) this.stateData.push(load<i32>(pcs + (<usize>i << 2)));
    this.sameHash.push(first);
    this.index.set(h, state);
    return state;
  }

  // Records the step taken from trans slot `slot` (valid in the current
  // epoch) when no validator accepted: the next kernel's pcs and source
  // indexes (n of each), whether a match is pending after it, and its Match
  // events (EVENT_SIZE i32s each, the last slot filled here). Returns the
  // next state, which may be in a new epoch (the slot is then lost).
  add(slot: i32, pcs: usize, sources: usize, n: i32, matched: bool, events: usize, count: i32): i32 {
    let epoch = this.epoch;
    let next = this.stateOf(pcs, n, matched);
    for (let i = 0; i < count; i++) {
      let event = events + (<usize>(i * EVENT_SIZE) << 2);
      store<i32>(event, this.stateOf(pcs, load<i32>(event, 8), true), 12);
    }
    if (this.epoch != epoch) return this.stateOf(pcs, n, matched);
    let eventsSize = count * EVENT_SIZE;
    let size = 3 + eventsSize + 2 * n;
    if (this.stateData.length + this.recordsEnd + size > MAX_ITEMS) return next;
    if (this.recordsEnd + size > this.records.length) this.records = grown(this.records, this.recordsEnd + size);
    let at = this.recordsEnd;
    let rec = changetype<usize>(this.records) + (<usize>at << 2);
    store<i32>(rec, next);
    store<i32>(rec, n, 4);
    store<i32>(rec, count, 8);
    memory.copy(rec + 12, events, <usize>eventsSize << 2);
    let data = rec + 12 + (<usize>eventsSize << 2);
    memory.copy(data, pcs, <usize>n << 2);
    memory.copy(data + (<usize>n << 2), sources, <usize>n << 2);
    this.recordsEnd = at + size;
    unchecked((this.trans[slot] = at));
    return next;
  }

  private isState(s: i32, pcs: usize, n: i32, flag: i32): bool {
    let at = unchecked(this.stateAt[s]);
    if (unchecked(this.stateData[at]) != flag || unchecked(this.stateData[at + 1]) != n) return false;
    for (let i = 0; i < n; i++) {
      if (unchecked(this.stateData[at + 2 + i]) != load<i32>(pcs + (<usize>i << 2))) return false;
    }
    return true;
  }

  private clear(): void {
    this.stateData.length = 0;
    this.stateAt.length = 0;
    this.sameHash.length = 0;
    this.index.clear();
    this.recordsEnd = 0;
    // State 0 is always the empty kernel with no match pending (a reset VM).
    this.stateOf(0, 0, false);
  }
}

// A copy of `a` with room for at least `need` entries.
function grown(a: StaticArray<i32>, need: i32): StaticArray<i32> {
  let capacity = a.length * 2;
  while (capacity < need) capacity *= 2;
  let bigger = new StaticArray<i32>(capacity);
  memory.copy(changetype<usize>(bigger), changetype<usize>(a), <usize>a.length << 2);
  return bigger;
}

// The bits of `bits` selected by `mask`, packed into the low bits.
function compress(bits: i32, mask: i32): i32 {
  let out = 0;
  let at = 0;
  for (let bit = 1; bit < 64; bit <<= 1) {
    if ((mask & bit) == 0) continue;
    if ((bits & bit) != 0) out |= 1 << at;
    at++;
  }
  return out;
}
