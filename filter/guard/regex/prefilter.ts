// First-byte prefilter for the Pike-VM-only path: the set of bytes that can
// begin a match. While no thread is alive the VM skips every position whose
// byte is not in the set instead of stepping through it.

import { Op, Program } from "./program";
import { REPLACEMENT_CHAR } from "./utf8";

// Returns a 256-entry table (1: a match may start at this byte), or null when
// the prefilter cannot help: a pattern may match the empty string, or may
// start with any code point.
export function firstByteTable(prog: Program): StaticArray<u8> | null {
  let table = new StaticArray<u8>(256);
  let seen = new StaticArray<u8>(prog.count);
  let stack = new Array<i32>();
  stack.push(prog.start);
  while (stack.length > 0) {
    let pc = stack.pop();
    if (seen[pc] != 0) continue;
    seen[pc] = 1;
    let op = prog.op(pc);
    if (op == Op.Split) {
      stack.push(prog.out(pc));
      stack.push(prog.out1(pc));
    } else if (op == Op.Assert || op == Op.Nop) {
      // Assertions are assumed to hold: the table only has to be a superset.
      stack.push(prog.out(pc));
    } else if (op == Op.Match || op == Op.Any || op == Op.AnyNotNewline) {
      return null;
    } else if (op == Op.Char) {
      addCodePointLead(table, prog.arg(pc));
    } else if (op == Op.Class) {
      let k = prog.arg(pc);
      for (let cp = 0; cp < 128; cp++) if (prog.classContains(k, cp)) table[cp] = 1;
      if (prog.classRangeIndex[k * 2 + 1] > prog.classRangeIndex[k * 2]) addAllHighBytes(table);
    }
  }
  return table;
}

function addCodePointLead(table: StaticArray<u8>, cp: i32): void {
  if (cp < 0x80) table[cp] = 1;
  // An invalid byte reads as U+FFFD, so that literal may start at any high byte.
  else if (cp == REPLACEMENT_CHAR) addAllHighBytes(table);
  else if (cp < 0x800) table[0xc0 | (cp >> 6)] = 1;
  else if (cp < 0x10000) table[0xe0 | (cp >> 12)] = 1;
  else table[0xf0 | (cp >> 18)] = 1;
}

function addAllHighBytes(table: StaticArray<u8>): void {
  for (let b = 0x80; b < 0x100; b++) table[b] = 1;
}
