// Pike VM: simulates the NFA over all threads at once, one code point per
// step, so time is O(program size x input length) whatever the pattern.
// Threads are kept in priority order; the first thread to reach Match cuts
// every lower-priority thread, which yields RE2's leftmost-first spans.
//
// Closures are computed lazily at the start of each step (when the code point
// after the position is known), so the VM can stop between any two code
// points and resume with the next chunk of a stream.
//
// All storage is preallocated and a step allocates nothing. The hot paths
// address their arrays through raw pointers: with AssemblyScript's reference
// counting, every reference held in a local costs a retain/release pair.

import { INST_SIZE, Op, Program } from "./program";
import { StartLists, startSlot } from "./start-lists";
import { EVENT_SIZE, StepCache } from "./step-cache";

// Accepts or rejects a candidate match given its bytes (e.g. a Luhn check).
export type MatchValidator = (ptr: usize, len: i32) => bool;

export class PikeVM {
  kernelSize: i32 = 0;
  // The best match so far of the current search (valid when matched).
  matched: bool = false;
  matchStart: i32 = 0;
  matchEnd: i32 = 0;
  matchPattern: i32 = 0;
  // Code point just before matchEnd, to resume scanning from there.
  matchPrevCp: i32 = -1;

  // The kernel's state in the step cache (valid in cacheEpoch). Within a
  // step, threads carry the index of the kernel thread they come from (-1:
  // the thread starting here) instead of their start; the step ends by
  // mapping them to starts, so a cached step replays exactly.
  private state: i32 = 0;
  private cacheEpoch: i32 = 0;
  // The current step's Match events, EVENT_SIZE i32s each: source index,
  // pattern, how many next threads came before it (the rest are cut if it is
  // accepted), and a slot for the cache. A step whose validator accepted a
  // match is not recorded: its record would need the threads it cut.
  private events: usize;
  private eventCount: i32 = 0;
  private validatorAccepted: bool = false;

  // Owners of the storage below (never read in hot code).
  private arrays: Array<StaticArray<i32>> = new Array<StaticArray<i32>>();

  // Threads waiting at the current position (pc after a consumed code point,
  // and start), and those of the next position while a step builds them.
  private kernelPcs: usize;
  private kernelStarts: usize;
  private nextPcs: usize;
  private nextStarts: usize;
  // Runnable threads of the current step (consuming or Match instructions).
  private runPcs: usize;
  private runSources: usize;
  private runSize: i32 = 0;
  // Generation marks: visited[pc] == visitGen means pc was reached this step.
  private visited: usize;
  private visitGen: u32 = 0;
  private queued: usize;
  private queueGen: u32 = 0;
  private stack: usize;

  // The start-list cache's tables (see StartLists).
  private startAddresses: usize;
  private startLengths: usize;
  // The program's tables.
  private insts: usize;
  private classBits: usize;
  private classIndex: usize;
  private classRanges: usize;

  constructor(
    private prog: Program,
    private validators: StaticArray<MatchValidator | null>,
    private startLists: StartLists,
    // null: every step is computed (the Pike-only path).
    private cache: StepCache | null,
  ) {
    let n = prog.count;
    this.kernelPcs = this.allocate(n);
    this.kernelStarts = this.allocate(n);
    this.nextPcs = this.allocate(n);
    this.nextStarts = this.allocate(n);
    this.runPcs = this.allocate(n);
    this.runSources = this.allocate(n);
    this.visited = this.allocate(n);
    this.queued = this.allocate(n);
    this.stack = this.allocate(2 * n + 2);
    this.events = this.allocate(EVENT_SIZE * prog.patternCount);
    this.startAddresses = startLists.addressTable;
    this.startLengths = startLists.lengthTable;
    this.insts = changetype<usize>(prog.insts);
    this.classBits = changetype<usize>(prog.classBits);
    this.classIndex = changetype<usize>(prog.classRangeIndex);
    this.classRanges = changetype<usize>(prog.classRanges);
  }

  private allocate(n: i32): usize {
    let a = new StaticArray<i32>(n);
    this.arrays.push(a);
    return changetype<usize>(a);
  }

  reset(): void {
    this.kernelSize = 0;
    this.matched = false;
    this.state = 0; // the empty kernel in every epoch
    if (this.cache !== null) this.cacheEpoch = this.cache!.epoch;
  }

  // Earliest start among live threads, or i32.MAX_VALUE when there are none.
  earliestLiveStart(): i32 {
    let least = i32.MAX_VALUE;
    for (let i = 0; i < this.kernelSize; i++) {
      let s = load<i32>(this.kernelStarts + (<usize>i << 2));
      if (s < least) least = s;
    }
    return least;
  }

  // One step at absolute position `pos`. `cp` is the code point there (-1 at
  // the end of the text), `prevCp` the one before, `assertBits` the Assert
  // bits that hold at pos. `base` addresses absolute position 0 of the
  // current window (for validators).
  step(pos: i32, cp: i32, prevCp: i32, assertBits: i32, base: usize): void {
    // (No reference local for the cache here: it would cost a retain and a
    // release on every step.)
    let slot = -1;
    if (this.cache !== null && cp >= 0) {
      if (this.cacheEpoch != this.cache!.epoch) {
        this.state = this.cache!.stateOf(this.kernelPcs, this.kernelSize, this.matched);
        this.cacheEpoch = this.cache!.epoch;
      }
      slot = this.cache!.slot(this.state, assertBits, cp);
      let record = this.cache!.recordAt(slot);
      if (record != 0) {
        this.replay(record, pos, prevCp, base);
        return;
      }
    }
    this.eventCount = 0;
    this.validatorAccepted = false;
    this.nextVisitGeneration();
    this.runSize = 0;
    let kernelPcs = this.kernelPcs;
    for (let i = 0; i < this.kernelSize; i++) {
      this.addClosure(load<i32>(kernelPcs + (<usize>i << 2)), i, assertBits);
    }
    if (!this.matched) this.addStartThread(cp, assertBits);

    this.nextQueueGeneration();
    let insts = this.insts;
    let runPcs = this.runPcs;
    let runSources = this.runSources;
    let nextPcs = this.nextPcs;
    let nextStarts = this.nextStarts;
    let queued = this.queued;
    let queueGen = this.queueGen;
    let size = 0;
    for (let i = 0; i < this.runSize; i++) {
      let pc = load<i32>(runPcs + (<usize>i << 2));
      let source = load<i32>(runSources + (<usize>i << 2));
      let inst = insts + (<usize>(pc * INST_SIZE) << 2);
      if (load<i32>(inst) == Op.Match) {
        let pattern = load<i32>(inst, 4);
        let event = this.events + (<usize>(this.eventCount * EVENT_SIZE) << 2);
        store<i32>(event, source);
        store<i32>(event, pattern, 4);
        store<i32>(event, size, 8);
        this.eventCount++;
        if (!this.acceptMatch(pattern, source, pos, prevCp, base)) continue;
        break; // lower-priority threads lose to this match
      }
      if (cp >= 0 && this.accepts(inst, cp)) {
        let out = load<i32>(inst, 8);
        let mark = queued + (<usize>out << 2);
        if (load<u32>(mark) != queueGen) {
          store<u32>(mark, queueGen);
          store<i32>(nextPcs + (<usize>size << 2), out);
          store<i32>(nextStarts + (<usize>size << 2), source);
          size++;
        }
      }
    }
    if (slot >= 0) {
      let cache = this.cache!;
      if (this.validatorAccepted) this.state = cache.stateOf(nextPcs, size, this.matched);
      else this.state = cache.add(slot, nextPcs, nextStarts, size, this.matched, this.events, this.eventCount);
      this.cacheEpoch = cache.epoch;
    } else {
      this.cacheEpoch = -1; // the end of the text: re-enter if ever stepped again
    }
    for (let i = 0; i < size; i++) {
      let at = nextStarts + (<usize>i << 2);
      store<i32>(at, this.startOf(load<i32>(at), pos));
    }
    this.advance(size);
  }

  // Replays a cached step (see StepCache for the record's layout): the first
  // of its Match events whose validator accepts (or that has none) is the
  // match, and cuts the threads after it.
  private replay(record: usize, pos: i32, prevCp: i32, base: usize): void {
    let state = load<i32>(record);
    let total = load<i32>(record, 4);
    let count = load<i32>(record, 8);
    let n = total;
    for (let i = 0; i < count; i++) {
      let event = record + 12 + (<usize>(i * EVENT_SIZE) << 2);
      let start = this.startOf(load<i32>(event), pos);
      let pattern = load<i32>(event, 4);
      if (!this.validates(pattern, start, pos, base)) continue;
      this.setMatch(start, pos, pattern, prevCp);
      n = load<i32>(event, 8);
      state = load<i32>(event, 12);
      break;
    }
    let pcs = record + 12 + (<usize>(count * EVENT_SIZE) << 2);
    let sources = pcs + (<usize>total << 2);
    let nextPcs = this.nextPcs;
    let nextStarts = this.nextStarts;
    for (let i = 0; i < n; i++) {
      let at = <usize>i << 2;
      store<i32>(nextPcs + at, load<i32>(pcs + at));
      store<i32>(nextStarts + at, this.startOf(load<i32>(sources + at), pos));
    }
    this.state = state;
    this.advance(n);
  }

  // The start of the thread a source index names (during a step at pos).
  @inline private startOf(source: i32, pos: i32): i32 {
    if (source < 0) return pos;
    return load<i32>(this.kernelStarts + (<usize>source << 2));
  }

  // The next kernel (built in the next buffers) becomes the kernel.
  @inline private advance(size: i32): void {
    let kernelPcs = this.kernelPcs;
    let kernelStarts = this.kernelStarts;
    this.kernelPcs = this.nextPcs;
    this.kernelStarts = this.nextStarts;
    this.nextPcs = kernelPcs;
    this.nextStarts = kernelStarts;
    this.kernelSize = size;
  }

  // Records a thread (by source index) reaching Match unless its pattern's
  // validator rejects the span. Returns whether it became the match.
  private acceptMatch(pattern: i32, source: i32, pos: i32, prevCp: i32, base: usize): bool {
    let start = this.startOf(source, pos);
    if (!this.validates(pattern, start, pos, base)) return false;
    if (unchecked(this.validators[pattern]) !== null) this.validatorAccepted = true;
    this.setMatch(start, pos, pattern, prevCp);
    return true;
  }

  // Whether the pattern's validator (if any) accepts the span [start, end).
  private validates(pattern: i32, start: i32, end: i32, base: usize): bool {
    let validator = unchecked(this.validators[pattern]);
    return validator === null || validator(base + <usize>start, end - start);
  }

  @inline private setMatch(start: i32, end: i32, pattern: i32, prevCp: i32): void {
    this.matched = true;
    this.matchStart = start;
    this.matchEnd = end;
    this.matchPattern = pattern;
    this.matchPrevCp = prevCp;
  }

  // Whether the consuming instruction at address `inst` accepts cp.
  @inline private accepts(inst: usize, cp: i32): bool {
    let op = load<i32>(inst);
    if (op == Op.Char) return cp == load<i32>(inst, 4);
    if (op == Op.AnyNotNewline) return cp != 0x0a;
    if (op == Op.Any) return true;
    // Op.Class: ASCII through the bitmap, the rest through the ranges.
    let k = load<i32>(inst, 4);
    if (cp < 128) {
      let word = load<u32>(this.classBits + ((<usize>(k << 2) + <usize>(cp >> 5)) << 2));
      return ((word >> (<u32>cp & 31)) & 1) != 0;
    }
    let index = this.classIndex + (<usize>(k << 1) << 2);
    let end = load<i32>(index, 4);
    for (let i = load<i32>(index); i < end; i += 2) {
      let range = this.classRanges + (<usize>i << 2);
      if (cp < load<i32>(range)) return false;
      if (cp <= load<i32>(range, 4)) return true;
    }
    return false;
  }

  // Follows Splits and satisfied Asserts from pc depth-first, out before out1,
  // appending runnable instructions in priority order, for the kernel thread
  // with index `source`.
  private addClosure(pc: i32, source: i32, assertBits: i32): void {
    let insts = this.insts;
    let stack = this.stack;
    let visited = this.visited;
    let visitGen = this.visitGen;
    let sp = 0;
    store<i32>(stack, pc);
    sp++;
    while (sp > 0) {
      sp--;
      pc = load<i32>(stack + (<usize>sp << 2));
      let mark = visited + (<usize>pc << 2);
      if (load<u32>(mark) == visitGen) continue;
      store<u32>(mark, visitGen);
      let inst = insts + (<usize>(pc * INST_SIZE) << 2);
      let op = load<i32>(inst);
      if (op == Op.Split) {
        store<i32>(stack + (<usize>sp << 2), load<i32>(inst, 12));
        store<i32>(stack + (<usize>(sp + 1) << 2), load<i32>(inst, 8));
        sp += 2;
      } else if (op == Op.Assert) {
        if ((assertBits & load<i32>(inst, 4)) != 0) {
          store<i32>(stack + (<usize>sp << 2), load<i32>(inst, 8));
          sp++;
        }
      } else if (op == Op.Nop) {
        store<i32>(stack + (<usize>sp << 2), load<i32>(inst, 8));
        sp++;
      } else if (op != Op.Fail) {
        store<i32>(this.runPcs + (<usize>this.runSize << 2), pc);
        store<i32>(this.runSources + (<usize>this.runSize << 2), source);
        this.runSize++;
      }
    }
  }

  // The thread starting here (source -1), lowest priority. Its runnable pcs come from
  // the shared cache and skip pcs a higher-priority thread already reached,
  // exactly what the depth-first walk would do (everything below a visited
  // node is visited too).
  private addStartThread(cp: i32, assertBits: i32): void {
    let slot = <usize>startSlot(cp, assertBits) << 2;
    let list = <usize>load<u32>(this.startAddresses + slot);
    if (list == 0) list = this.startLists.build(<i32>(slot >> 2), cp, assertBits);
    let n = load<i32>(this.startLengths + slot);
    let visited = this.visited;
    let visitGen = this.visitGen;
    for (let i = 0; i < n; i++) {
      let pc = load<i32>(list + (<usize>i << 2));
      if (load<u32>(visited + (<usize>pc << 2)) == visitGen) continue;
      store<i32>(this.runPcs + (<usize>this.runSize << 2), pc);
      store<i32>(this.runSources + (<usize>this.runSize << 2), -1);
      this.runSize++;
    }
  }

  private nextVisitGeneration(): void {
    if (this.visitGen == u32.MAX_VALUE) {
      memory.fill(this.visited, 0, <usize>this.prog.count << 2);
      this.visitGen = 0;
    }
    this.visitGen++;
  }

  private nextQueueGeneration(): void {
    if (this.queueGen == u32.MAX_VALUE) {
      memory.fill(this.queued, 0, <usize>this.prog.count << 2);
      this.queueGen = 0;
    }
    this.queueGen++;
  }
}
