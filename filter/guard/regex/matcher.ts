// Drives one search session (a whole buffer, or a stream fed in chunks) over
// a compiled program: the lazy DFA skims while nothing can match, the Pike VM
// takes over from the last quiet position to settle the exact leftmost-first
// span, and the findAll rules pick where the next search starts.
//
// findAll follows RE2/Go: matches never overlap; after a non-empty match the
// next search starts at its end, where an empty match is not allowed; after
// an empty match the next search starts one code point later.
//
// Positions are absolute byte offsets from the start of the session (i32, so
// a session is limited to 2 GiB). The caller provides a window of bytes
// [retained start, winEnd) that must include every byte from safeOffset().

import { Dfa, TRANS_MATCH, TRANS_QUIET } from "./dfa";
import { MatchValidator, PikeVM } from "./pike";
import { assertionsAt, Program } from "./program";
import { StartLists } from "./start-lists";
import { StepCache } from "./step-cache";
import { decodeAt, isIncompletePrefix, packedCodePoint, packedWidth } from "./utf8";

export class Match {
  constructor(
    public start: i32,
    public end: i32,
    // Index of the pattern within its PatternSet.
    public pattern: i32,
  ) {}
}

const MODE_DFA: i32 = 0;
const MODE_PIKE: i32 = 1;
const MODE_DONE: i32 = 2;

export class Matcher {
  readonly pike: PikeVM;
  matches: Array<Match> = new Array<Match>();

  // Window: `base` addresses absolute position 0 (bytes before the retained
  // start are never read); winEnd is the absolute end of available bytes.
  private base: usize = 0;
  private winEnd: i32 = 0;
  private final: bool = false;

  private mode: i32 = MODE_DFA;
  private pos: i32 = 0;
  private prevCp: i32 = -1;
  private dfaState: i32 = 0;
  // The DFA cache generation dfaState belongs to: the cache is shared by all
  // matchers of a set, and another one may have reset it since.
  private dfaEpoch: i32 = 0;
  // Last position where no thread was alive, and the code point before it.
  private quietPos: i32 = 0;
  private quietPrevCp: i32 = -1;
  // After a non-empty match, an empty match at its end is not reported.
  private forbidEmptyAt: i32 = -1;

  constructor(
    public prog: Program,
    validators: StaticArray<MatchValidator | null>,
    startLists: StartLists,
    // null: Pike VM only (with the first-byte prefilter, if any).
    public dfa: Dfa | null,
    public firstBytes: StaticArray<u8> | null,
  ) {
    let steps: StepCache | null = null;
    if (dfa !== null) steps = dfa.steps;
    this.pike = new PikeVM(prog, validators, startLists, steps);
    this.reset();
  }

  // Starts a new session at absolute position 0.
  reset(): void {
    this.matches = new Array<Match>();
    this.forbidEmptyAt = -1;
    this.restartAt(0, -1);
  }

  setWindow(base: usize, winEnd: i32, final: bool): void {
    this.base = base;
    this.winEnd = winEnd;
    this.final = final;
  }

  isDone(): bool {
    return this.mode == MODE_DONE;
  }

  // Every byte before this offset is settled: no live thread or pending match
  // starts before it, and every match before it has been reported.
  safeOffset(): i32 {
    if (this.mode == MODE_DONE) return this.winEnd;
    if (this.mode == MODE_DFA) return this.quietPos;
    let least = this.pos;
    let live = this.pike.earliestLiveStart();
    if (live < least) least = live;
    if (this.pike.matched && this.pike.matchStart < least) least = this.pike.matchStart;
    return least;
  }

  // Scans as far as the window allows (to the end when it is final).
  run(): void {
    while (this.mode != MODE_DONE) {
      let progressed = this.mode == MODE_DFA ? this.runDfa() : this.runPike();
      if (!progressed) return;
    }
  }

  private restartAt(pos: i32, prevCp: i32): void {
    this.pos = pos;
    this.prevCp = prevCp;
    this.pike.reset();
    let dfa = this.dfa;
    if (dfa !== null) {
      this.mode = MODE_DFA;
      this.dfaState = dfa.startState(prevCp);
      this.dfaEpoch = dfa.resets;
      this.quietPos = pos;
      this.quietPrevCp = prevCp;
    } else {
      this.mode = MODE_PIKE;
    }
  }

  // Hands the search to the Pike VM from the last quiet position.
  private switchToPike(): void {
    this.mode = MODE_PIKE;
    this.pos = this.quietPos;
    this.prevCp = this.quietPrevCp;
    this.pike.reset();
  }

  // DFA loop. Returns true when the mode changed, false when it needs more
  // input or the session is done.
  private runDfa(): bool {
    let dfa = this.dfa!;
    if (dfa.resets != this.dfaEpoch) {
      // Our state was dropped with the cache: the Pike VM redoes the stretch
      // since the quiet position, then hands back a fresh DFA state.
      this.switchToPike();
      return true;
    }
    let asciiClass = changetype<usize>(dfa.alphabet.asciiClass);
    let trans = changetype<usize>(dfa.trans);
    let base = this.base;
    let end = this.winEnd;
    let pos = this.pos;
    let state = this.dfaState;
    let quietPos = this.quietPos;
    // The code point before quietPos is only kept where the slow path (or
    // the entry) set quietPos; the hot loop only sets it after ASCII bytes,
    // so elsewhere it is the byte before quietPos (still in the window).
    let knownQuietPos = quietPos;
    let knownQuietCp = this.quietPrevCp;
    while (true) {
      // Hot path: ASCII bytes through cached transitions. An unknown entry
      // (-1) has the MATCH bit set too, so one test leaves for the slow path.
      let t = 0;
      let b = 0;
      while (pos < end) {
        b = <i32>load<u8>(base + <usize>pos);
        if (b >= 0x80) break;
        t = load<i32>(trans + (<usize>(state + <i32>load<u8>(asciiClass + <usize>b)) << 2));
        if ((t & TRANS_MATCH) != 0) break;
        state = t >> 2;
        pos++;
        // Branch-free: whether a byte ends the live threads is unpredictable.
        quietPos = select<i32>(pos, quietPos, (t & TRANS_QUIET) != 0);
      }
      // Slow path: a non-ASCII code point, a transition to build, a match,
      // or the end of the window.
      let cp = -1;
      let width = 0;
      let k = dfa.endClass;
      if (pos < end) {
        let ptr = base + <usize>pos;
        if (!this.final && isIncompletePrefix(ptr, end - pos)) break;
        let packed = decodeAt(ptr, end - pos);
        cp = packedCodePoint(packed);
        width = packedWidth(packed);
        k = dfa.alphabet.classOf(cp);
      } else if (!this.final) {
        break;
      }
      t = load<i32>(trans + (<usize>(state + k) << 2));
      if (t < 0) {
        t = dfa.build(state, k);
        trans = changetype<usize>(dfa.trans);
        this.dfaEpoch = dfa.resets; // t is valid in the current generation
      }
      if ((t & TRANS_MATCH) != 0) {
        this.quietPos = quietPos;
        this.quietPrevCp = quietPos == knownQuietPos ? knownQuietCp : <i32>load<u8>(base + <usize>quietPos - 1);
        this.switchToPike();
        return true;
      }
      if (cp < 0) {
        this.mode = MODE_DONE;
        return false;
      }
      state = t >> 2;
      pos += width;
      if ((t & TRANS_QUIET) != 0) {
        quietPos = pos;
        knownQuietPos = pos;
        knownQuietCp = cp;
      }
    }
    // Out of input mid-stream. If threads are alive, let the Pike VM catch up
    // from the quiet position so safeOffset() is exact, not just safe.
    this.pos = pos;
    this.dfaState = state;
    this.quietPos = quietPos;
    this.quietPrevCp = quietPos == knownQuietPos ? knownQuietCp : <i32>load<u8>(base + <usize>quietPos - 1);
    if (quietPos == pos) return false;
    this.switchToPike();
    return true;
  }

  // Pike VM loop; same contract as runDfa.
  private runPike(): bool {
    let pike = this.pike;
    let assertMask = this.prog.assertMask;
    let base = this.base;
    let end = this.winEnd;
    while (true) {
      let pos = this.pos;
      let cp = -1;
      let width = 0;
      if (pos < end) {
        let ptr = base + <usize>pos;
        cp = <i32>load<u8>(ptr);
        width = 1;
        if (cp >= 0x80) {
          if (!this.final && isIncompletePrefix(ptr, end - pos)) return false;
          let packed = decodeAt(ptr, end - pos);
          cp = packedCodePoint(packed);
          width = packedWidth(packed);
        }
      } else if (!this.final) {
        return false;
      }
      let bits = assertMask != 0 ? assertionsAt(this.prevCp, cp, pos == 0) : 0;
      pike.step(pos, cp, this.prevCp, bits, base);
      if (cp < 0) {
        if (pike.matched) {
          this.finishMatch();
          return true;
        }
        this.mode = MODE_DONE;
        return false;
      }
      this.prevCp = cp;
      this.pos = pos + width;
      if (pike.kernelSize == 0) {
        if (pike.matched) {
          this.finishMatch();
          return true;
        }
        if (this.dfa !== null) {
          this.restartAt(this.pos, cp);
          return true;
        }
        this.skipImpossibleStarts();
      }
    }
    return false;
  }

  // Pike-only path: with no thread alive, jump to the next byte that can
  // begin a match, code point by code point so positions stay aligned.
  private skipImpossibleStarts(): void {
    let table = this.firstBytes;
    if (table === null) return;
    let base = this.base;
    let end = this.winEnd;
    let pos = this.pos;
    let lastStart = -1;
    while (pos < end) {
      let b = load<u8>(base + <usize>pos);
      if (unchecked(table[b]) != 0) break;
      lastStart = pos;
      if (b < 0x80) {
        pos++;
        continue;
      }
      if (!this.final && isIncompletePrefix(base + <usize>pos, end - pos)) break;
      pos += packedWidth(decodeAt(base + <usize>pos, end - pos));
    }
    if (lastStart >= 0) {
      this.prevCp = packedCodePoint(decodeAt(base + <usize>lastStart, end - lastStart));
      this.pos = pos;
    }
  }

  // Reports the settled match (unless it is a forbidden empty one) and picks
  // where the next search starts.
  private finishMatch(): void {
    let pike = this.pike;
    let start = pike.matchStart;
    let end = pike.matchEnd;
    if (start != end || start != this.forbidEmptyAt) {
      this.matches.push(new Match(start, end, pike.matchPattern));
    }
    if (start != end) {
      this.forbidEmptyAt = end;
      this.restartAt(end, pike.matchPrevCp);
      return;
    }
    this.forbidEmptyAt = -1;
    if (end >= this.winEnd) {
      this.mode = MODE_DONE; // an empty match at the very end
      return;
    }
    // The VM already stepped over the code point at `end`, so it is complete.
    let packed = decodeAt(this.base + <usize>end, this.winEnd - end);
    this.restartAt(end + packedWidth(packed), packedCodePoint(packed));
  }
}
