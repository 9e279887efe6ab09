// AssemblyScript 0.17 reference-counting pitfalls found while measuring VM
// memory over many streams (bench/streaming.ts). Each case allocates 3000
// 4 KiB objects; a leak keeps them all. The safe forms are what Weir's code
// uses; the leaky ones document why (filter/abi/exports.ts, processor.ts).

import { __collect } from "rt/index-full";

class Base { id: u32; constructor(id: u32) { this.id = id; } }
class Big extends Base { bytes: Uint8Array = new Uint8Array(4096); }
let MAP = new Map<u32, Base>();

function downcastInReturn(id: u32): Big { return MAP.get(id) as Big; }
function downcastViaLocal(id: u32): Big { const b = MAP.get(id); return b as Big; }
function maybe(id: u32): Big | null { if (id == 0) return null; return new Big(id); }

function grows(kind: i32): i32 {
  __collect();
  const before = memory.size();
  for (let i: u32 = 1; i <= 3000; i++) {
    if (kind == 0) { MAP.set(i, new Big(i)); downcastInReturn(i).bytes[0] = 1; MAP.delete(i); }
    else if (kind == 1) { MAP.set(i, new Big(i)); downcastViaLocal(i).bytes[0] = 1; MAP.delete(i); }
    else if (kind == 2) { const b = maybe(i)!; b.bytes[0] = 1; }
    else { const found = maybe(i); const b = found!; b.bytes[0] = 1; }
    __collect();
  }
  return memory.size() - before;
}

describe("AssemblyScript 0.17 reference leaks", () => {
  it("the forms Weir uses do not leak", () => {
    expect(grows(1)).toBe(0, "downcast through a local (filter/abi/exports.ts)");
    expect(grows(3)).toBe(0, "non-null assertion on a local (streaming/processor.ts)");
  });

  it("documents the forms that do (proxy-runtime 0.1.8's getContext; `const x = call()!`)", () => {
    expect(grows(0)).toBeGreaterThan(0, "`return map.get(id) as Sub` leaks a reference per call");
    expect(grows(2)).toBeGreaterThan(0, "`const x = call()!` leaks a reference per call");
  });
});
