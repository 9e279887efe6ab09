// Match semantics: leftmost-first spans, the findAll iteration rules, UTF-8
// and invalid bytes, linear time on patterns that stall backtrackers, pattern
// sets and validators.

import { PatternSet, PatternSpec } from "../index";
import { bytes, first, render, setOf, spans, spansIn, utf8 } from "./helpers";

describe("leftmost-first", () => {
  it("the leftmost start wins, then the preferred alternative", () => {
    expect(spans("b|ab", "xab")).toBe("[1,3)");
    expect(first("a|ab|abc", "abc")).toBe("a");
    expect(first("(a|ab)(c|bcd)", "abcd")).toBe("abcd");
    expect(first("(a+|b+)*c", "aabbc")).toBe("aabbc");
  });

  it("reports greedy and lazy spans as RE2 does", () => {
    expect(spans("a*?", "aa")).toBe("[0,0) [1,1) [2,2)");
    expect(spans("a*", "baaac")).toBe("[0,0) [1,4) [5,5)");
    expect(spans("(|a)*", "aa")).toBe("[0,2)");
    expect(spans("(|a)+", "aa")).toBe("[0,0) [1,1) [2,2)");
  });
});

describe("findAll iteration", () => {
  it("returns every non-overlapping match", () => {
    expect(spans("aa", "aaaaa")).toBe("[0,2) [2,4)");
    expect(spans("\\d+", "1 22 333")).toBe("[0,1) [2,4) [5,8)");
  });

  it("skips an empty match touching the previous match, advancing one code point", () => {
    expect(spans("x*", "axxb")).toBe("[0,0) [1,3) [4,4)");
    expect(spans("", "é😀")).toBe("[0,0) [2,2) [6,6)");
  });

  it("keeps \\b and ^ context across successive searches", () => {
    expect(spans("\\bx", "xx x")).toBe("[0,1) [3,4)");
    expect(spans("^a", "aaa")).toBe("[0,1)");
  });
});

describe("UTF-8", () => {
  it("dot and negated classes consume whole code points", () => {
    expect(spans(".", "aé中😀")).toBe("[0,1) [1,3) [3,6) [6,10)");
    expect(spans("[^a]", "a😀")).toBe("[1,5)");
    expect(spans("\\W", "€")).toBe("[0,3)");
  });

  it("non-ASCII literals, ranges and hex escapes match their bytes", () => {
    expect(spans("中文", "a中文b")).toBe("[1,7)");
    expect(spans("[α-ω]+", "abγδe")).toBe("[2,6)");
    expect(spans("\\x{ff}", "ÿ")).toBe("[0,2)");
  });

  it("treats each invalid byte as one code point and never aborts", () => {
    expect(spansIn(".", bytes([0xff]))).toBe("[0,1)");
    expect(spansIn(".+", bytes([0x61, 0xff, 0x80, 0x62]))).toBe("[0,4)");
    expect(spansIn("\\w+", bytes([0x61, 0x62, 0x80, 0x63]))).toBe("[0,2) [3,4)");
    // A truncated sequence: E2 98 is two invalid bytes before 'b'.
    expect(spansIn("a.b", bytes([0x61, 0xe2, 0x98, 0x62]))).toBe("");
    expect(spansIn("a..b", bytes([0x61, 0xe2, 0x98, 0x62]))).toBe("[0,4)");
    // Overlong and surrogate encodings are invalid too.
    expect(spansIn("[^x]", bytes([0xc0, 0x80, 0xed, 0xa0, 0x80]))).toBe("[0,1) [1,2) [2,3) [3,4) [4,5)");
    expect(spansIn("", bytes([0xe2, 0x98]))).toBe("[0,0) [1,1) [2,2)");
    expect(spansIn("\\x{ff}", bytes([0xff]))).toBe("");
    expect(spansIn("é", bytes([0xc3]))).toBe("");
  });
});

describe("linear time", () => {
  it("finishes (a+)+$ on a long non-matching input", () => {
    let s = "";
    for (let i = 0; i < 50000; i++) s += "a";
    s += "b";
    expect(spans("(a+)+$", s)).toBe("");
    expect(spans("^(a|aa)*$", s)).toBe("");
    expect(spans("(x+x+)+y", s)).toBe("");
  });

  it("finishes nested counted repetitions", () => {
    let s = "";
    for (let i = 0; i < 2000; i++) s += "a";
    expect(spans("(.*a){20}b", s)).toBe("");
    expect(spans("(a|b)*a(a|b){12}c", s)).toBe("");
  });
});

function lengthIsThree(ptr: usize, len: i32): bool {
  return len == 3;
}

describe("pattern sets", () => {
  it("reports the leftmost match over all patterns, tagged by pattern", () => {
    expect(render(setOf(["b", "ab"]).findAll(utf8("ab")), true)).toBe("[0,2)#1");
    expect(render(setOf(["cat", "dog"]).findAll(utf8("dog cat dog")), true)).toBe("[0,3)#1 [4,7)#0 [8,11)#1");
  });

  it("prefers the lower index among matches at the same start", () => {
    expect(render(setOf(["a", "ab"]).findAll(utf8("ab")), true)).toBe("[0,1)#0");
    expect(render(setOf(["ab", "a"]).findAll(utf8("ab")), true)).toBe("[0,2)#0");
  });

  it("never overlaps matches of different patterns", () => {
    expect(render(setOf(["abc", "bcd"]).findAll(utf8("abcd")), true)).toBe("[0,3)#0");
  });

  it("keeps each pattern's own flags", () => {
    expect(render(setOf(["(?i)abc", "x$"]).findAll(utf8("ABC x\nx")), true)).toBe("[0,3)#0 [6,7)#1");
  });

  it("lets a validator reject candidates, considering the others", () => {
    let specs = new Array<PatternSpec>();
    specs.push(new PatternSpec("\\d+", "", lengthIsThree));
    let set = PatternSet.compile(specs).set!;
    expect(render(set.findAll(utf8("12345 678 90")))).toBe("[0,3) [6,9)");
  });
});
