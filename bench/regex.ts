// Regex engine benchmark (not a test): throughput of Weir's engine scanning
// 64 KB of chat-like text for the 4 builtins + 2 custom patterns in one pass,
// beside V8 RegExp and RE2 (re2-wasm) scanning once per pattern, plus the
// classic (a+)+$ blow-up on growing inputs.
//
//   node --import tsx bench/regex.ts [--compare NAME=build.wasm ...]
//
// --compare adds Weir rows for another build of bench/regex-entry.ts, timed in
// the same run (runs alternate, so machine noise hits both alike). E.g. the
// engine as of commit REV:
//   mkdir /tmp/before && git archive REV filter bench | tar -x -C /tmp/before
//   node node_modules/assemblyscript/bin/asc /tmp/before/bench/regex-entry.ts \
//     --runtime full -O3 --use abort= -b /tmp/before.wasm
//   node --import tsx bench/regex.ts --compare before=/tmp/before.wasm

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildWhenStale } from "./lib/asc-build.ts";
import { chatText } from "./regex-text.ts";

const root = join(__dirname, "..");
const wasmPath = join(root, "build", "regex-bench.wasm");
const { RE2 } = require("@adguard/re2-wasm") as { RE2: new (p: string, flags: string) => { exec(s: string): { index: number; 0: string } | null; lastIndex: number } };

const RUNS = 15;
const CUSTOM = ["sk-[A-Za-z0-9]{20,}", "(?i)\\bproject\\s+(?:falcon|orion)\\b"];
// The same six detectors in JS syntax (V8 has no inline (?i)).
const JS_PATTERNS: [string, string][] = [
  ["\\b\\d(?:[ -]?\\d){12,18}\\b", "g"],
  ["\\b(?:\\d{3}-\\d{2}-\\d{4}|\\d{3} \\d{2} \\d{4}|\\d{3}\\.\\d{2}\\.\\d{4})\\b", "g"],
  ["[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}\\b", "g"],
  ["(?:(?:\\+1|\\b1)[ .-]?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-]?)|\\([2-9]\\d{2}\\) ?|\\b[2-9]\\d{2}[ .-]?)[2-9]\\d{2}[ .-]?\\d{4}\\b", "g"],
  ["sk-[A-Za-z0-9]{20,}", "g"],
  ["\\bproject\\s+(?:falcon|orion)\\b", "gi"],
];

// [name, wasm path] of the builds compared: this tree's first.
const builds: [string, string][] = [["Weir", wasmPath]];
for (let i = 2; i < process.argv.length; i++) {
  const m = process.argv[i] === "--compare" ? /^([^=]+)=(.+)$/.exec(process.argv[++i] ?? "") : null;
  if (!m) throw new Error("usage: bench/regex.ts [--compare NAME=build.wasm ...]");
  builds.push([`Weir ${m[1]}`, m[2]]);
}

interface Exports {
  memory: WebAssembly.Memory;
  scratchBuffer(len: number): number;
  compileGuard(len: number): number;
  compilePattern(len: number, useDfa: number): number;
  scan(len: number): number;
  mask(len: number): number;
}

function build(): void {
  buildWhenStale("bench/regex-entry.ts", "build/regex-bench.wasm", ["filter/guard"], ["--runtime", "full", "-O3", "--use", "abort="]);
}

function load(path = wasmPath): Exports {
  build();
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
    env: { abort: () => { throw new Error("abort"); } },
  });
  return instance.exports as unknown as Exports;
}

function write(x: Exports, bytes: Uint8Array): void {
  new Uint8Array(x.memory.buffer, x.scratchBuffer(bytes.length), bytes.length).set(bytes);
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

type Timing = { ms: number; result: number };

function time(run: () => number, runs = RUNS): Timing {
  return timeAll([run], runs)[0];
}

// Median time of each function, their runs taking turns.
function timeAll(fns: (() => number)[], runs = RUNS): Timing[] {
  const results = fns.map(() => 0);
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < 3; i++) fns.forEach((f, j) => (results[j] = f())); // warm up (JIT, DFA cache)
  for (let i = 0; i < runs; i++) {
    fns.forEach((f, j) => {
      const t = performance.now();
      results[j] = f();
      samples[j].push(performance.now() - t);
    });
  }
  return fns.map((_, j) => ({ ms: median(samples[j]), result: results[j] }));
}

// Every build with the guard set compiled.
function loadGuards(): [string, Exports][] {
  const custom = Buffer.from(CUSTOM.join("\0"));
  return builds.map(([name, path]) => {
    const x = load(path);
    write(x, custom);
    if (!x.compileGuard(custom.length)) throw new Error(`compile failed (${name})`);
    return [name, x];
  });
}

// Weir's CREDIT_CARD validator (filter/guard/builtins-luhn.ts cardValid) in JS,
// so V8's row counts the same matches: Luhn over 13–19 digits, on the span or
// on a suffix that starts after a separator.
function luhn(s: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === " " || s[i] === "-") continue;
    let d = s.charCodeAt(i) - 48;
    if (digits & 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    digits++;
    if (digits >= 13 && digits <= 19 && sum % 10 === 0 && (i === 0 || s[i - 1] === " " || s[i - 1] === "-")) return true;
  }
  return false;
}

function throughput(): void {
  const guards = loadGuards();
  const text = chatText(64 * 1024);
  const bytes = Buffer.from(text, "utf8");
  const mb = bytes.length / 1e6;

  // The Weir scans and V8 take turns, so their ratio is steady on a busy machine.
  const v8 = JS_PATTERNS.map(([p, f]) => new RegExp(p, f));
  const v8Run = () => {
    let n = 0;
    v8.forEach((re, i) => {
      for (const m of text.matchAll(re)) if (i !== 0 || luhn(m[0])) n++;
    });
    return n;
  };
  const scans = timeAll([...guards.map(([, x]) => (write(x, bytes), () => x.scan(bytes.length))), v8Run]);
  const rows: [string, string, Timing][] = [];
  guards.forEach(([name], i) => rows.push([`${name} findAll (wasm, lazy DFA + Pike VM)`, "1 pass", scans[i]]));
  const masks = timeAll(guards.map(([, x]) => () => (write(x, bytes), x.mask(bytes.length))));
  guards.forEach(([name], i) => rows.push([`${name} maskText (wasm)`, "1 pass", masks[i]]));
  rows.push(["V8 RegExp", "6 passes", scans[guards.length]]);

  const re2 = JS_PATTERNS.map(([p, f]) => new RE2(p, f + "u"));
  rows.push(["RE2 (re2-wasm), exec over the whole text", "6 passes", time(() => {
    let n = 0;
    re2.forEach((re, i) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) if (i !== 0 || luhn(m[0])) n++;
    });
    return n;
  }, 3)]);

  // The binding converts the whole JS string on every exec, which makes the
  // row above quadratic in the input; per paragraph shows RE2 with that cost
  // amortised (matches cannot span the blank lines between paragraphs).
  const paragraphs = text.split("\n\n");
  rows.push(["RE2 (re2-wasm), exec per paragraph", "6 passes", time(() => {
    let n = 0;
    re2.forEach((re, i) => {
      for (const p of paragraphs) {
        re.lastIndex = 0;
        for (let m = re.exec(p); m; m = re.exec(p)) if (i !== 0 || luhn(m[0])) n++;
      }
    });
    return n;
  })]);

  const weirMs = rows[0][2].ms;
  console.log(`\nThroughput: ${bytes.length} bytes of chat-like text, 4 builtins + 2 custom patterns (median of ${RUNS} runs; 3 for the slowest row)\n`);
  console.log("| engine | scans | median ms | MB/s | time vs Weir findAll | matches |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const [name, scans, r] of rows) {
    console.log(`| ${name} | ${scans} | ${r.ms.toFixed(3)} | ${(mb / (r.ms / 1000)).toFixed(1)} | ${(r.ms / weirMs).toFixed(2)}x | ${name.includes("mask") ? "-" : r.result} |`);
  }
}

function blowUp(): void {
  const x = load();
  const pattern = "(a+)+$";
  const bytesOf = (s: string) => Buffer.from(s);
  write(x, bytesOf(pattern));
  if (!x.compilePattern(pattern.length, 1)) throw new Error("compile failed");
  const v8 = /(a+)+$/;
  const V8_CAP_MS = 1000;
  let v8Gave = false;
  console.log(`\nPathological: ${pattern} on "a"*n + "b" (no match); V8 skipped once one run exceeds ${V8_CAP_MS} ms\n`);
  console.log("| n | Weir µs | V8 µs |");
  console.log("|---:|---:|---:|");
  for (const n of [10, 16, 20, 22, 24, 26, 28, 1000, 100_000, 1_000_000]) {
    const input = "a".repeat(n) + "b";
    write(x, bytesOf(input));
    const weir = time(() => x.scan(input.length)).ms * 1000;
    let v8Cell = "skipped";
    if (!v8Gave) {
      const t = performance.now();
      v8.test(input);
      const ms = performance.now() - t;
      v8Cell = (ms * 1000).toFixed(1);
      if (ms > V8_CAP_MS) v8Gave = true;
    }
    console.log(`| ${n} | ${weir.toFixed(1)} | ${v8Cell} |`);
  }
}

// Text that keeps the Luhn-validated CREDIT_CARD candidate alive everywhere:
// the Pike VM (not the DFA) then scans all of it.
function digitDense(): void {
  const guards = loadGuards();
  const v8 = JS_PATTERNS.map(([p, f]) => new RegExp(p, f));
  console.log("\nDigit-dense text (worst case for the Luhn-checked CREDIT_CARD), 64 KB, same 6 patterns\n");
  console.log(`| text | ${guards.map(([name]) => `${name} MB/s`).join(" | ")} | V8 MB/s (6 passes) |`);
  console.log(`|---|${guards.map(() => "---:|").join("")}---:|`);
  for (const [name, unit] of [["card-like groups, Luhn fails", "4111 1111 1111 1112 "], ["short digit groups", "12 345 6789 "]]) {
    const text = unit.repeat(Math.ceil(65536 / unit.length)).slice(0, 65536);
    const bytes = Buffer.from(text);
    const weir = timeAll(guards.map(([, x]) => (write(x, bytes), () => x.scan(bytes.length))), 5);
    const js = time(() => {
      let n = 0;
      v8.forEach((re, i) => {
        for (const m of text.matchAll(re)) if (i !== 0 || luhn(m[0])) n++;
      });
      return n;
    }, 5).ms;
    const mbs = (ms: number) => (0.065536 / (ms / 1000)).toFixed(1);
    console.log(`| ${name} | ${weir.map((w) => mbs(w.ms)).join(" | ")} | ${mbs(js)} |`);
  }
}

throughput();
digitDense();
blowUp();
