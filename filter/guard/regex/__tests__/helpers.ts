// Shared helpers for the regex specs: compile a pattern (or set) and render
// its findAll spans as text such as "[0,3) [5,6)", or "error at N: msg".

import { compileRegex, Match, PatternSet, PatternSetResult, PatternSpec } from "../index";

export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

export function bytes(values: Array<i32>): Uint8Array {
  let out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = <u8>values[i];
  return out;
}

export function render(matches: Array<Match>, withPattern: bool = false): string {
  let parts = new Array<string>();
  for (let i = 0; i < matches.length; i++) {
    let m = matches[i];
    let s = "[" + m.start.toString() + "," + m.end.toString() + ")";
    if (withPattern) s += "#" + m.pattern.toString();
    parts.push(s);
  }
  return parts.join(" ");
}

function renderError(r: PatternSetResult): string {
  let e = r.error!;
  return "error at " + e.position.toString() + ": " + e.message;
}

// findAll of one pattern over UTF-8 text, on both matcher paths (DFA+Pike
// and Pike only); reports a disagreement between them as a failure string.
export function spansIn(pattern: string, input: Uint8Array): string {
  let withDfa = compileRegex(pattern, true);
  if (withDfa.error !== null) return renderError(withDfa);
  let a = render(withDfa.set!.findAll(input));
  let b = render(compileRegex(pattern, false).set!.findAll(input));
  if (a == b) return a;
  return "DFA " + a + " != Pike " + b;
}

export function spans(pattern: string, input: string): string {
  return spansIn(pattern, utf8(input));
}

// The first match as its text, or "<none>".
export function first(pattern: string, input: string): string {
  let r = compileRegex(pattern);
  if (r.error !== null) return renderError(r);
  let text = utf8(input);
  let matches = r.set!.findAll(text);
  if (matches.length == 0) return "<none>";
  return String.UTF8.decodeUnsafe(text.dataStart + <usize>matches[0].start, <usize>(matches[0].end - matches[0].start));
}

export function compileError(pattern: string): string {
  let r = compileRegex(pattern);
  if (r.error === null) return "<accepted>";
  return renderError(r);
}

export function setOf(patterns: Array<string>): PatternSet {
  let specs = new Array<PatternSpec>();
  for (let i = 0; i < patterns.length; i++) specs.push(new PatternSpec(patterns[i]));
  return PatternSet.compile(specs).set!;
}

// Streams `input` through a scanner in chunks of `chunk` bytes.
export function streamedSpans(set: PatternSet, input: Uint8Array, chunk: i32): string {
  let scanner = set.newScanner();
  let all = new Array<Match>();
  for (let at = 0; at < input.length; at += chunk) {
    let n = min(chunk, input.length - at);
    scanner.feedAt(input.dataStart + <usize>at, n);
    let got = scanner.takeMatches();
    for (let i = 0; i < got.length; i++) all.push(got[i]);
  }
  scanner.finish();
  let rest = scanner.takeMatches();
  for (let i = 0; i < rest.length; i++) all.push(rest[i]);
  return render(all, true);
}
