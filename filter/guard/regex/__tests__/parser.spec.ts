// Refusals: every unsupported or malformed construct yields an error value
// with the byte offset where it starts, never an abort.

import { compileError } from "./helpers";

describe("refused syntax", () => {
  it("refuses backreferences", () => {
    expect(compileError("(a)\\1")).toBe("error at 3: backreferences are not supported: \\1");
    expect(compileError("(?P<x>a)(?P=x)")).toBe("error at 8: backreferences are not supported: (?P=");
  });

  it("refuses lookaround", () => {
    expect(compileError("a(?=b)")).toBe("error at 1: lookahead assertions are not supported: (?=");
    expect(compileError("a(?!b)")).toBe("error at 1: lookahead assertions are not supported: (?!");
    expect(compileError("(?<=a)b")).toBe("error at 0: lookbehind assertions are not supported: (?<=");
    expect(compileError("x(?<!a)b")).toBe("error at 1: lookbehind assertions are not supported: (?<!");
  });

  it("refuses possessive and stacked repetition", () => {
    expect(compileError("a*+")).toBe("error at 1: possessive repetition is not supported: *+");
    expect(compileError("ab++")).toBe("error at 2: possessive repetition is not supported: ++");
    expect(compileError("a?+")).toBe("error at 1: possessive repetition is not supported: ?+");
    expect(compileError("a**")).toBe("error at 1: invalid nested repetition operator: **");
    expect(compileError("a*?+")).toBe("error at 1: invalid nested repetition operator: *?+");
    expect(compileError("a{2}{3}")).toBe("error at 1: invalid nested repetition operator: {2}{3}");
  });

  it("refuses Unicode classes, \\C and unknown escapes", () => {
    expect(compileError("x\\pL")).toBe("error at 1: Unicode character classes (\\p, \\P) are not supported");
    expect(compileError("\\p{Greek}")).toBe("error at 0: Unicode character classes (\\p, \\P) are not supported");
    expect(compileError("a\\C")).toBe("error at 1: \\C (any single byte) is not supported");
    expect(compileError("ab\\q")).toBe("error at 2: invalid escape sequence: \\q");
    expect(compileError("\\Z")).toBe("error at 0: invalid escape sequence: \\Z");
    expect(compileError("é\\é")).toBe("error at 2: invalid escape sequence: \\é");
    expect(compileError("[\\b]")).toBe("error at 1: invalid escape sequence: \\b");
    expect(compileError("abc\\")).toBe("error at 3: trailing backslash at end of expression");
  });

  it("refuses bad hex escapes", () => {
    expect(compileError("\\x4")).toBe("error at 0: invalid escape sequence: \\x4");
    expect(compileError("\\x{}")).toBe("error at 0: invalid escape sequence: \\x{}");
    expect(compileError("\\x{110000}")).toBe("error at 0: invalid escape sequence: \\x{110000}");
  });

  it("refuses unbalanced groups and classes", () => {
    expect(compileError("a(b")).toBe("error at 1: missing closing ): (b");
    expect(compileError("ab)c")).toBe("error at 2: unexpected ): ab)");
    expect(compileError("x[ab")).toBe("error at 1: missing closing ]: [ab");
    expect(compileError("[]")).toBe("error at 0: missing closing ]: []");
  });

  it("refuses bad ranges and POSIX names", () => {
    expect(compileError("a[z-a]")).toBe("error at 2: invalid character class range: z-a");
    expect(compileError("[a-\\d]")).toBe("error at 3: invalid character class range end: \\d");
    expect(compileError("[[:bogus:]]")).toBe("error at 1: invalid character class range: [:bogus:]");
  });

  it("refuses repetition counts above 1000 and huge nested counts", () => {
    expect(compileError("a{1001}")).toBe("error at 1: invalid repetition size: {1001}");
    expect(compileError("a{2,1}")).toBe("error at 1: invalid repetition size: {2,1}");
    expect(compileError("a{99999999999}")).toBe("error at 1: invalid repetition size: {99999999999}");
    expect(compileError("(a{2}){501}")).toBe("error at 6: invalid repetition size: nested counts exceed 1000: {501}");
    expect(compileError("a{1000}")).toBe("<accepted>");
    expect(compileError("(a{2}){500}")).toBe("<accepted>");
  });

  it("refuses operators without an argument", () => {
    expect(compileError("*a")).toBe("error at 0: missing argument to repetition operator: *");
    expect(compileError("a|+")).toBe("error at 2: missing argument to repetition operator: +");
    expect(compileError("(?i)*")).toBe("error at 4: missing argument to repetition operator: *");
    expect(compileError("{2}")).toBe("error at 0: missing argument to repetition operator: {2}");
  });

  it("refuses bad groups and flags", () => {
    expect(compileError("(?P<>a)")).toBe("error at 0: invalid named capture group: (?P<>");
    expect(compileError("(?P<a-b>x)")).toBe("error at 0: invalid named capture group: (?P<a-");
    expect(compileError("(?P<n>a)(?P<n>b)")).toBe("error at 8: duplicate capture group name: n");
    expect(compileError("(?x)a")).toBe("error at 0: invalid or unsupported group syntax: (?x");
    expect(compileError("(?i-)a")).toBe("error at 0: invalid or unsupported group syntax: (?i-)");
    expect(compileError("(?>a)")).toBe("error at 0: atomic groups are not supported: (?>");
    expect(compileError("(?#note)")).toBe("error at 0: comments are not supported: (?#");
  });

  it("refuses nesting deeper than 1000 instead of exhausting the stack", () => {
    let deep = "";
    for (let i = 0; i < 1001; i++) deep += "(";
    expect(compileError(deep)).toBe("error at 1000: expression nests too deeply");
  });

  it("refuses programs over the instruction budget", () => {
    // Each counted repetition is within RE2's limits; their sum is not.
    let big = "";
    for (let i = 0; i < 101; i++) big += "\\w{1000}";
    expect(compileError(big)).toBe("error at 0: pattern compiles to more than 100000 instructions");
  });

  it("accepts the supported syntax", () => {
    expect(compileError("(?P<year>\\d{4})-(?<m>\\d\\d)")).toBe("<accepted>");
    expect(compileError("(?i)a(?s-i:.b)(?U)c*?(?m)^$\\A\\z\\b\\B")).toBe("<accepted>");
    expect(compileError("[^\\x00-\\x{10FFFF}]|[[:^alpha:]\\W]|\\Qa.b\\E+|a{,3}|x{")).toBe("<accepted>");
    expect(compileError("(?)a|")).toBe("<accepted>");
    expect(compileError("\\_\\ \\-\\<\\0\\07\\a\\f\\v")).toBe("<accepted>");
  });
});
