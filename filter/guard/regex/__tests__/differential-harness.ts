// AssemblyScript entry for the differential test (test/regex/): exposes the
// regex engine to node through a shared scratch buffer. It lives here, not
// under test/, because the repo's TypeScript check covers test/**/*.ts and
// cannot type AssemblyScript. Build:
//   npx asc filter/guard/regex/__tests__/differential-harness.ts --runtime full -O3 -b build/regex-harness.wasm
// (the differential test rebuilds it when any engine source is newer).

import { Match, PatternSet, PatternSetResult, PatternSpec, RegexError } from "../index";

let scratch = new StaticArray<u8>(1 << 16);
let results = new StaticArray<i32>(3 * 1024);
// The same patterns compiled for both matcher paths.
let withDfa: PatternSet | null = null;
let pikeOnly: PatternSet | null = null;
let lastError: RegexError | null = null;

// Address of a scratch buffer of at least `len` bytes (valid until the next call).
export function scratchBuffer(len: i32): usize {
  if (len > scratch.length) scratch = new StaticArray<u8>(len * 2);
  return changetype<usize>(scratch);
}

// Compiles `count` NUL-separated patterns from the scratch buffer, once with
// the lazy DFA and once Pike-only. Returns 1, or 0 with the error available
// from errorPosition/errorPattern/errorMessage.
export function compile(len: i32, count: i32): i32 {
  let specs = new Array<PatternSpec>();
  let from = 0;
  let base = changetype<usize>(scratch);
  for (let i = 0; i <= len; i++) {
    if (i == len || scratch[i] == 0) {
      specs.push(new PatternSpec(String.UTF8.decodeUnsafe(base + <usize>from, <usize>(i - from))));
      from = i + 1;
    }
  }
  if (specs.length != count) return -1;
  let r: PatternSetResult = PatternSet.compile(specs, true);
  withDfa = r.set;
  lastError = r.error;
  if (r.set === null) return 0;
  pikeOnly = PatternSet.compile(specs, false).set;
  return 1;
}

export function errorPosition(): i32 {
  return lastError !== null ? lastError!.position : -1;
}

export function errorPattern(): i32 {
  return lastError !== null ? lastError!.patternIndex : -1;
}

// Writes the error message as UTF-8 into scratch; returns its length.
export function errorMessage(): i32 {
  if (lastError === null) return 0;
  let bytes = Uint8Array.wrap(String.UTF8.encode(lastError!.message));
  let ptr = scratchBuffer(bytes.length);
  memory.copy(ptr, bytes.dataStart, <usize>bytes.length);
  return bytes.length;
}

// findAll over the first `len` scratch bytes. Returns the match count; the
// matches are (start, end, pattern) triples at resultsBuffer().
export function findAll(len: i32, useDfa: i32): i32 {
  let set = pikeOnly!;
  if (useDfa != 0) set = withDfa!;
  return store(set.findAllAt(changetype<usize>(scratch), len));
}

// The same scan fed in chunks of pseudo-random sizes in [1, maxChunk] drawn
// from `seed`. Also checks the streaming contract after every chunk; returns
// -1 when safeOffset moved backwards or passed an unreported match, or -2
// when a reported match ends after the safe offset of its report.
export function findAllStreaming(len: i32, maxChunk: i32, seed: u32): i32 {
  let scanner = withDfa!.newScanner();
  let all = new Array<Match>();
  let fed = 0;
  let lastSafe = 0;
  let state = seed | 1;
  while (fed < len) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    let n = <i32>(state % <u32>maxChunk) + 1;
    if (fed + n > len) n = len - fed;
    scanner.feedAt(changetype<usize>(scratch) + <usize>fed, n);
    fed += n;
    let safe = scanner.safeOffset();
    if (safe < lastSafe || safe > fed) return -1;
    lastSafe = safe;
    let got = scanner.takeMatches();
    for (let i = 0; i < got.length; i++) {
      if (got[i].end > safe) return -2;
      all.push(got[i]);
    }
  }
  scanner.finish();
  if (scanner.safeOffset() != len) return -1;
  let rest = scanner.takeMatches();
  for (let i = 0; i < rest.length; i++) all.push(rest[i]);
  return store(all);
}

export function resultsBuffer(): usize {
  return changetype<usize>(results);
}

function store(matches: Array<Match>): i32 {
  if (matches.length * 3 > results.length) results = new StaticArray<i32>(matches.length * 6);
  for (let i = 0; i < matches.length; i++) {
    results[i * 3] = matches[i].start;
    results[i * 3 + 1] = matches[i].end;
    results[i * 3 + 2] = matches[i].pattern;
  }
  return matches.length;
}
