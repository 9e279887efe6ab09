// AssemblyScript 0.17's "full" runtime counts references and buffers every
// object whose count drops to a non-zero value as a possible cycle root; such
// an object is freed only by the cycle collector, which the runtime never
// runs by itself. Without a call here the VM's memory only grows (measured in
// the test host: ~130 KB per streamed exchange, ~2 KB per plain one). Called
// at the end of every stream and every few hundred events of a long one.

import { __collect as collectCycles } from "rt/index-full";

// The compiler only compiles the (lazy) collector when code compiled early
// calls it; class methods (WeirStream.onLog) are compiled too late and the
// build fails with "call target must exist". This top-level statement, which
// never runs, is compiled early enough.
let collectAtStart = false;
if (collectAtStart) collectCycles();

export function collectGarbage(): void {
  collectCycles();
}
