// The reference: Google RE2 (npm @adguard/re2-wasm), driven through its raw
// binding so patterns reach RE2 verbatim (the package's RE2 class rewrites
// JS syntax). That binding counts positions in code points (not UTF-16
// units); spans are converted to UTF-8 byte offsets. findAll follows Go's FindAll loop, the documented RE2
// behaviour for successive matches.

import type { Span } from "./harness-loader.ts";

const { WrappedRE2 } = require("@adguard/re2-wasm/build/wasm/re2.js") as {
  WrappedRE2: new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean, maxMem: number) => Re2;
};

interface Re2 {
  delete(): void;
  ok(): boolean;
  error(): string;
  match(input: string, start: number, groups: boolean): { match: string; index: number; groups: (string | undefined)[] };
}

export class Reference {
  private constructor(private re: Re2, private setSize: number) {}

  // One pattern, or (setSize > 1) the alternation of capture-free patterns,
  // each wrapped in a capture group so a match names its pattern.
  static compile(patterns: string[]): Reference | string {
    const source = patterns.length === 1 ? patterns[0] : patterns.map((p) => `(${p})`).join("|");
    const re = new WrappedRE2(source, false, false, false, 0);
    if (re.ok()) return new Reference(re, patterns.length);
    const error = re.error();
    re.delete();
    return error;
  }

  // Frees the RE2 object (it lives in the binding's wasm heap).
  dispose(): void {
    this.re.delete();
  }

  findAll(input: string): Span[] {
    const bytesBefore = codePointByteOffsets(input);
    const length = bytesBefore.length - 1;
    const out: Span[] = [];
    let pos = 0;
    let prevEnd = -1;
    const grouped = this.setSize > 1;
    while (pos <= length) {
      const m = this.re.match(input, pos, grouped);
      if (m.index < 0) break;
      const start = m.index;
      const end = start + codePointCount(m.match);
      let accept = true;
      if (end === pos) {
        // Empty match at the search position: drop it right after a match,
        // and move on one code point.
        if (start === prevEnd) accept = false;
        pos++;
      } else {
        pos = end;
      }
      prevEnd = end;
      if (accept) {
        const pattern = grouped ? m.groups.findIndex((g) => g !== undefined) : 0;
        out.push([bytesBefore[start], bytesBefore[end], pattern]);
      }
    }
    return out;
  }
}

function codePointCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// For each code point index (and the end), the UTF-8 byte offset.
function codePointByteOffsets(s: string): number[] {
  const out: number[] = [0];
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, "utf8");
    out.push(bytes);
  }
  return out;
}
