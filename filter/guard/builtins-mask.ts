// Masking: every match of a PatternSet in a text is replaced by its pattern's
// label (the mask token, e.g. <US_SSN>). Empty matches are ignored: they
// cover no text, and a token there would only insert noise.

import { Match } from "./regex/matcher";
import { PatternSet } from "./regex/pattern-set";

export class MaskResult {
  constructor(
    public masked: Uint8Array,
    // Matches masked, per pattern index of the set.
    public counts: StaticArray<i32>,
    public total: i32,
  ) {}
}

export function maskText(set: PatternSet, input: Uint8Array): MaskResult {
  let matches = set.findAll(input);
  let counts = new StaticArray<i32>(set.size);
  let specs = set.specs;
  let outLen = input.length;
  let total = 0;
  for (let i = 0; i < matches.length; i++) {
    let m = matches[i];
    if (m.start == m.end) continue;
    outLen += specs[m.pattern].labelBytes.length - (m.end - m.start);
    counts[m.pattern]++;
    total++;
  }
  if (total == 0) return new MaskResult(input, counts, 0);

  let out = new Uint8Array(outLen);
  let src = input.dataStart;
  let dst = out.dataStart;
  let from = 0;
  for (let i = 0; i < matches.length; i++) {
    let m: Match = matches[i];
    if (m.start == m.end) continue;
    let token = specs[m.pattern].labelBytes;
    memory.copy(dst, src + <usize>from, <usize>(m.start - from));
    dst += <usize>(m.start - from);
    memory.copy(dst, token.dataStart, <usize>token.length);
    dst += <usize>token.length;
    from = m.end;
  }
  memory.copy(dst, src + <usize>from, <usize>(input.length - from));
  return new MaskResult(out, counts, total);
}
