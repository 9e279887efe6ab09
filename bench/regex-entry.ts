// AssemblyScript entry for bench/regex.ts: compiles a guard set (all four
// builtins plus custom patterns) or a single pattern, and scans a buffer.

import { compileGuardSet } from "../filter/guard/builtins";
import { maskText } from "../filter/guard/builtins-mask";
import { compileRegex, PatternSet } from "../filter/guard/regex/index";

let scratch = new StaticArray<u8>(1 << 20);
let current: PatternSet | null = null;

export function scratchBuffer(len: i32): usize {
  if (len > scratch.length) scratch = new StaticArray<u8>(len);
  return changetype<usize>(scratch);
}

function readStrings(len: i32): Array<string> {
  let out = new Array<string>();
  let from = 0;
  for (let i = 0; i <= len; i++) {
    if (i == len || scratch[i] == 0) {
      if (i > from) out.push(String.UTF8.decodeUnsafe(changetype<usize>(scratch) + <usize>from, <usize>(i - from)));
      from = i + 1;
    }
  }
  return out;
}

// All four builtins plus the NUL-separated custom patterns in scratch.
export function compileGuard(len: i32): i32 {
  let builtins = new Array<string>();
  builtins.push("CREDIT_CARD");
  builtins.push("SSN");
  builtins.push("EMAIL");
  builtins.push("PHONE_NUMBER");
  let r = compileGuardSet(builtins, readStrings(len), new Array<string>());
  current = r.set;
  return r.set !== null ? 1 : 0;
}

export function compilePattern(len: i32, useDfa: i32): i32 {
  let r = compileRegex(readStrings(len)[0], useDfa != 0);
  current = r.set;
  return r.set !== null ? 1 : 0;
}

// findAll over the first len scratch bytes; returns the match count.
export function scan(len: i32): i32 {
  return current!.findAllAt(changetype<usize>(scratch), len).length;
}

// maskText over the first len scratch bytes; returns the masked length.
export function mask(len: i32): i32 {
  let input = new Uint8Array(len);
  memory.copy(input.dataStart, changetype<usize>(scratch), <usize>len);
  return maskText(current!, input).masked.length;
}
