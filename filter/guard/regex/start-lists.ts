// The runnable instructions of a new thread's closure, cached per program.
// A thread starting at a position has a closure that depends only on the
// assertion bits there; narrowed to the instructions that accept the next
// ASCII byte it is usually empty or one entry. Shared by every Pike VM of a
// PatternSet (one per stream), so the cache is paid for once.

import { Op, Program } from "./program";

// Slots: [bits] for each of the 64 assertion-bit values, then
// [64 + bits * 128 + byte] narrowed to the pcs accepting that ASCII byte.
const SLOTS: i32 = 64 + 64 * 128;

// Slot of a thread starting before code point cp (-1 at the end).
@inline
export function startSlot(cp: i32, assertBits: i32): i32 {
  return cp >= 0 && cp < 128 ? 64 + (assertBits << 7) + cp : assertBits;
}

export class StartLists {
  private lists: StaticArray<StaticArray<i32> | null> = new StaticArray<StaticArray<i32> | null>(SLOTS);
  // Raw addresses (0: not built yet) and lengths, for the VM's hot loop.
  private addresses: StaticArray<u32> = new StaticArray<u32>(SLOTS);
  private lengths: StaticArray<i32> = new StaticArray<i32>(SLOTS);

  // The two tables' raw addresses: a VM reads them without touching this
  // object (no reference counting in its loop). Entry `slot` is at offset
  // slot * 4 in each.
  readonly addressTable: usize;
  readonly lengthTable: usize;

  constructor(private prog: Program) {
    this.addressTable = changetype<usize>(this.addresses);
    this.lengthTable = changetype<usize>(this.lengths);
  }

  // Builds the list of a slot (see slotFor); returns its address.
  build(slot: i32, cp: i32, assertBits: i32): usize {
    let prog = this.prog;
    let all = closureOf(prog, prog.start, assertBits);
    let fixed = new StaticArray<i32>(all.length);
    let n = 0;
    for (let i = 0; i < all.length; i++) {
      let pc = all[i];
      if (slot == assertBits || prog.op(pc) == Op.Match || prog.accepts(pc, cp)) fixed[n++] = pc;
    }
    this.lists[slot] = fixed;
    this.lengths[slot] = n;
    // Objects never sit at address 0, so even an empty list marks the slot built.
    let at = changetype<usize>(fixed);
    this.addresses[slot] = <u32>at;
    return at;
  }
}

// Runnable pcs reachable from pc under the given assertion bits, in priority
// order (depth-first, out before out1).
function closureOf(prog: Program, pc: i32, assertBits: i32): Array<i32> {
  let seen = new StaticArray<u8>(prog.count);
  let stack = new Array<i32>();
  let out = new Array<i32>();
  stack.push(pc);
  while (stack.length > 0) {
    pc = stack.pop();
    if (seen[pc] != 0) continue;
    seen[pc] = 1;
    let op = prog.op(pc);
    if (op == Op.Split) {
      stack.push(prog.out1(pc));
      stack.push(prog.out(pc));
    } else if (op == Op.Assert) {
      if ((assertBits & prog.arg(pc)) != 0) stack.push(prog.out(pc));
    } else if (op == Op.Nop) {
      stack.push(prog.out(pc));
    } else if (op != Op.Fail) {
      out.push(pc);
    }
  }
  return out;
}
