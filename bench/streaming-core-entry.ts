// AssemblyScript entry for bench/streaming.ts: the filter's StreamProcessor
// alone (no proxy-wasm host), fed a stream already in wasm memory, so the
// per-event cost of each mode is measured without the host's own costs.

import { StreamOptions, StreamProcessor } from "../filter/streaming/processor";
import { TokenUsage } from "../filter/usage/usage";
import { providerByName } from "../filter/providers/registry";
import { compileGuardSet } from "../filter/guard/builtins";
import { PatternSet } from "../filter/guard/regex/pattern-set";
import { collectGarbage } from "../filter/response/memory";

let body = new Uint8Array(0);
let patterns: PatternSet | null = null;

export function bodyBuffer(len: i32): usize {
  body = new Uint8Array(len);
  return body.dataStart;
}

export function setup(): void {
  const builtins = ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"];
  const custom = ["(?i)project\\s+falcon"];
  const names = ["CODENAME"];
  patterns = compileGuardSet(builtins, custom, names).set;
}

/** Runs one stream through a processor (mode 0 passthrough, 1 strip usage, 2 masking) in chunks of `chunk` bytes; returns output bytes. */
export function runStream(mode: i32, chunk: i32): i32 {
  const options = new StreamOptions();
  if (mode == 1) options.stripUsage = true;
  if (mode == 2) options.patterns = patterns;
  const usage = new TokenUsage();
  const p = new StreamProcessor(providerByName("openai")!, options, usage);
  let out = 0;
  for (let at = 0; at < body.length; at += chunk) {
    let end = at + chunk;
    if (end > body.length) end = body.length;
    if (p.push(body.subarray(at, end), end == body.length)) out += p.output.length;
    if ((at / chunk) % 256 == 255) collectGarbage();
  }
  collectGarbage();
  return out;
}

export function pages(): i32 { return memory.size(); }
