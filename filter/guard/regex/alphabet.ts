// Partitions all code points into classes that no instruction of a program
// can tell apart (same Char/Class/dot membership, same word-ness and
// newline-ness), so the DFA needs one transition per class, not per code
// point. ASCII maps through a table; other code points by binary search.

import { Assert } from "./ast";
import { isWordCodePoint } from "./charclass";
import { Op, Program } from "./program";
import { MAX_CODE_POINT } from "./utf8";

export class Alphabet {
  asciiClass: StaticArray<u8> = new StaticArray<u8>(128);
  // Intervals starting at or above 128: sorted lower bounds and their classes.
  highStarts: StaticArray<i32>;
  highClasses: StaticArray<i32>;
  count: i32;
  // A code point of each class, to evaluate instructions on the class.
  representative: StaticArray<i32>;

  constructor(prog: Program) {
    let features = collectFeatures(prog);
    // Elementary intervals: every range edge of every feature.
    let edges = new Set<i32>();
    edges.add(0);
    edges.add(MAX_CODE_POINT + 1);
    edges.add(128);
    for (let f = 0; f < features.length; f++) {
      let r = features[f];
      for (let i = 0; i < r.length; i += 2) {
        edges.add(r[i]);
        edges.add(r[i + 1] + 1);
      }
    }
    let starts = edges.values();
    starts.sort((a: i32, b: i32): i32 => a - b);
    let intervals = starts.length - 1; // the last edge only closes the last interval

    // Partition refinement: split classes by membership in each feature.
    let cls = new StaticArray<i32>(intervals);
    let inside = new StaticArray<u8>(intervals);
    let count = 1;
    for (let f = 0; f < features.length; f++) {
      memory.fill(changetype<usize>(inside), 0, <usize>intervals);
      let r = features[f];
      for (let i = 0; i < r.length; i += 2) {
        for (let j = firstIntervalAtOrAbove(starts, intervals, r[i]); j < intervals && starts[j] <= r[i + 1]; j++) inside[j] = 1;
      }
      let remap = new StaticArray<i32>(count * 2);
      for (let i = 0; i < count * 2; i++) remap[i] = -1;
      let next = 0;
      for (let j = 0; j < intervals; j++) {
        let key = cls[j] * 2 + inside[j];
        if (remap[key] < 0) remap[key] = next++;
        cls[j] = remap[key];
      }
      count = next;
    }

    this.count = count;
    this.representative = new StaticArray<i32>(count);
    for (let k = 0; k < count; k++) this.representative[k] = -1;
    let high = 0;
    for (let j = 0; j < intervals; j++) {
      if (this.representative[cls[j]] < 0) this.representative[cls[j]] = starts[j];
      if (starts[j] >= 128) high++;
      else for (let cp = starts[j]; cp < starts[j + 1]; cp++) this.asciiClass[cp] = <u8>cls[j];
    }
    this.highStarts = new StaticArray<i32>(high);
    this.highClasses = new StaticArray<i32>(high);
    let h = 0;
    for (let j = 0; j < intervals; j++) {
      if (starts[j] < 128) continue;
      this.highStarts[h] = starts[j];
      this.highClasses[h] = cls[j];
      h++;
    }
  }

  classOf(cp: i32): i32 {
    if (cp < 128) return unchecked(this.asciiClass[cp]);
    // Last interval whose start is <= cp (128 is always an edge, so one exists).
    let lo = 0;
    let hi = this.highStarts.length - 1;
    while (lo < hi) {
      let mid = (lo + hi + 1) >> 1;
      if (unchecked(this.highStarts[mid]) <= cp) lo = mid;
      else hi = mid - 1;
    }
    return unchecked(this.highClasses[lo]);
  }

  isWord(k: i32): bool {
    return isWordCodePoint(this.representative[k]);
  }

  isNewline(k: i32): bool {
    return this.representative[k] == 0x0a;
  }
}

function firstIntervalAtOrAbove(starts: Array<i32>, n: i32, cp: i32): i32 {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    let mid = (lo + hi) >> 1;
    if (starts[mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Every code point set an instruction or assertion can distinguish.
function collectFeatures(prog: Program): Array<Array<i32>> {
  let features = new Array<Array<i32>>();
  let seenChars = new Set<i32>();
  let seenClasses = new Set<i32>();
  let newline = false;
  for (let pc = 0; pc < prog.count; pc++) {
    let op = prog.op(pc);
    if (op == Op.Char && !seenChars.has(prog.arg(pc))) {
      seenChars.add(prog.arg(pc));
      features.push(range(prog.arg(pc), prog.arg(pc)));
    } else if (op == Op.Class && !seenClasses.has(prog.arg(pc))) {
      seenClasses.add(prog.arg(pc));
      features.push(classRanges(prog, prog.arg(pc)));
    } else if (op == Op.AnyNotNewline) {
      newline = true;
    }
  }
  if (newline || (prog.assertMask & (Assert.BEGIN_LINE | Assert.END_LINE)) != 0) features.push(range(0x0a, 0x0a));
  if ((prog.assertMask & (Assert.WORD_BOUNDARY | Assert.NOT_WORD_BOUNDARY)) != 0) {
    let w = new Array<i32>();
    w.push(0x30); w.push(0x39);
    w.push(0x41); w.push(0x5a);
    w.push(0x5f); w.push(0x5f);
    w.push(0x61); w.push(0x7a);
    features.push(w);
  }
  return features;
}

function range(lo: i32, hi: i32): Array<i32> {
  let r = new Array<i32>();
  r.push(lo);
  r.push(hi);
  return r;
}

// A compiled class back as ranges: ASCII from its bitmap, the rest as stored.
function classRanges(prog: Program, k: i32): Array<i32> {
  let r = new Array<i32>();
  for (let cp = 0; cp < 128; cp++) {
    if (!prog.classContains(k, cp)) continue;
    let n = r.length;
    if (n > 0 && r[n - 1] == cp - 1) r[n - 1] = cp;
    else {
      r.push(cp);
      r.push(cp);
    }
  }
  let end = prog.classRangeIndex[k * 2 + 1];
  for (let i = prog.classRangeIndex[k * 2]; i < end; i++) r.push(prog.classRanges[i]);
  return r;
}
