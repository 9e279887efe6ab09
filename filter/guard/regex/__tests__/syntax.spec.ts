// Each supported syntax feature, as findAll spans (byte offsets, [start,end)).
// spans() runs both matcher paths (lazy DFA + Pike VM, and Pike VM alone).

import { first, spans } from "./helpers";

describe("literals and escapes", () => {
  it("matches literal text and escaped metacharacters", () => {
    expect(spans("ab", "xabyab")).toBe("[1,3) [4,6)");
    expect(spans("a\\.b\\*\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "a.b*()[]{}|^$\\")).toBe("[0,14)");
    expect(spans("\\-\\_\\ \\/", "-_ /")).toBe("[0,4)");
  });

  it("decodes control, hex and octal escapes", () => {
    expect(spans("\\n\\t\\r\\f\\v\\a", "\n\t\r\x0c\x0b\x07")).toBe("[0,6)");
    expect(spans("\\x41\\x{263A}\\x{1F600}", "A☺😀")).toBe("[0,8)");
    expect(spans("\\0\\07\\0101", "\x00\x07\x081")).toBe("[0,4)");
  });

  it("quotes with \\Q...\\E", () => {
    expect(spans("\\Qa.b*\\E+", "a.b**")).toBe("[0,5)");
    expect(spans("\\Qa.b", "a.b axb")).toBe("[0,3)");
  });

  it("treats an unfinished brace as a literal", () => {
    expect(spans("a{", "a{")).toBe("[0,2)");
    expect(spans("a{,3}", "a{,3}")).toBe("[0,5)");
    expect(spans("x{2,a}", "x{2,a}")).toBe("[0,6)");
  });
});

describe("dot and classes", () => {
  it("dot matches any code point but newline, unless (?s)", () => {
    expect(spans("a.c", "abc a\nc a€c")).toBe("[0,3) [8,13)");
    expect(spans("(?s)a.c", "a\nc")).toBe("[0,3)");
    expect(spans("a(?s:.)c.", "a\nc\n")).toBe("");
  });

  it("matches ranges, negation and a literal ] or -", () => {
    expect(spans("[a-c]+", "xabcd")).toBe("[1,4)");
    expect(spans("[^a-c]+", "abxyc")).toBe("[2,4)");
    expect(spans("[]a]+", "]a]b")).toBe("[0,3)");
    expect(spans("[^]a]", "]ab")).toBe("[2,3)");
    expect(spans("[a-]+", "a-b")).toBe("[0,2)");
    expect(spans("[-a]+", "-a")).toBe("[0,2)");
    expect(spans("[a-b-c]+", "ab-c")).toBe("[0,4)");
    expect(spans("[\\]\\-\\\\]+", "]-\\")).toBe("[0,3)");
  });

  it("negated classes match newline (as in RE2)", () => {
    expect(spans("[^a]", "\n")).toBe("[0,1)");
  });

  it("supports \\d \\w \\s and negations, inside and outside classes", () => {
    expect(spans("\\d+", "ab123c4")).toBe("[2,5) [6,7)");
    expect(spans("\\w+", "hi_9 €x")).toBe("[0,4) [8,9)");
    expect(spans("\\s+", "a \t\n\r\x0cb\x0b")).toBe("[1,6)");
    expect(spans("\\D+", "12ab3")).toBe("[2,4)");
    expect(spans("\\W+", "ab, c")).toBe("[2,4)");
    expect(spans("\\S+", "ab c")).toBe("[0,2) [3,4)");
    expect(spans("[\\d_]+", "a1_2b")).toBe("[1,4)");
    expect(spans("[^\\d\\s]+", "12 ab 3")).toBe("[3,5)");
    expect(spans("[\\W\\d]+", "ab1,2c")).toBe("[2,5)");
  });

  it("supports POSIX classes", () => {
    expect(spans("[[:digit:]]+", "ab12")).toBe("[2,4)");
    expect(spans("[[:alpha:][:digit:]]+", "-a1-")).toBe("[1,3)");
    expect(spans("[[:^space:]]+", "a b")).toBe("[0,1) [2,3)");
    expect(spans("[[:punct:]]+", "a!?b")).toBe("[1,3)");
    expect(spans("[[:upper:]]", "aBc")).toBe("[1,2)");
  });

  it("an empty class never matches", () => {
    expect(spans("a[^\\x00-\\x{10FFFF}]|b", "ab")).toBe("[1,2)");
  });
});

describe("anchors and boundaries", () => {
  it("^ and $ are text anchors by default", () => {
    expect(spans("^a", "aa\na")).toBe("[0,1)");
    expect(spans("a$", "a\na")).toBe("[2,3)");
    expect(spans("a$", "a\n")).toBe("");
    expect(spans("\\Aa|a\\z", "aba")).toBe("[0,1) [2,3)");
  });

  it("(?m) makes them line anchors", () => {
    expect(spans("(?m)^a", "aa\na")).toBe("[0,1) [3,4)");
    expect(spans("(?m)a$", "a\nba")).toBe("[0,1) [3,4)");
    expect(spans("(?m)^$", "a\n\nb\n")).toBe("[2,2) [5,5)");
    expect(spans("(?m)\\Aa", "a\na")).toBe("[0,1)");
  });

  it("\\b and \\B use ASCII word characters", () => {
    expect(spans("\\bab\\b", "ab xab ab_ ab")).toBe("[0,2) [11,13)");
    expect(spans("\\Bb\\B", "abc b ab")).toBe("[1,2)");
    expect(spans("\\b", "ab c")).toBe("[0,0) [2,2) [3,3) [4,4)");
    // é is not an ASCII word character: x|é is a boundary, start|é is not.
    expect(spans("\\bé", "é xé")).toBe("[4,6)");
    expect(spans("x\\b", "xé x")).toBe("[0,1) [4,5)");
  });
});

describe("groups and alternation", () => {
  it("groups: capturing, non-capturing and named (spans only)", () => {
    expect(spans("(ab)+", "ababa")).toBe("[0,4)");
    expect(spans("(?:ab)+c", "ababc")).toBe("[0,5)");
    expect(spans("(?P<x>a)(?<y>b)", "ab")).toBe("[0,2)");
  });

  it("alternation prefers the first alternative that matches (leftmost-first)", () => {
    expect(first("a|ab", "ab")).toBe("a");
    expect(first("ab|a", "ab")).toBe("ab");
    expect(first("b|ab", "ab")).toBe("ab");
    // The empty match at 3 touches the previous match, so it is dropped.
    expect(spans("cat|dog|", "dog")).toBe("[0,3)");
    expect(spans("cat|dog|", "dog.")).toBe("[0,3) [4,4)");
  });
});

describe("repetition", () => {
  it("greedy forms take as much as they can", () => {
    expect(first("a*", "aaab")).toBe("aaa");
    expect(first("a+", "baa")).toBe("aa");
    expect(first("ab?", "abb")).toBe("ab");
    expect(first("a{2}", "aaaa")).toBe("aa");
    expect(first("a{2,}", "aaaa")).toBe("aaaa");
    expect(first("a{1,3}", "aaaa")).toBe("aaa");
    expect(first("a{0}b", "ab")).toBe("b");
  });

  it("lazy forms take as little as they can", () => {
    expect(first("a*?b", "aab")).toBe("aab");
    expect(first("a+?", "aaa")).toBe("a");
    expect(first("ab??", "ab")).toBe("a");
    expect(first("a{2,}?", "aaaa")).toBe("aa");
    expect(first("a{1,3}?", "aaaa")).toBe("a");
    expect(first("<.+?>", "<a><b>")).toBe("<a>");
    expect(first("<.+>", "<a><b>")).toBe("<a><b>");
  });

  it("(?U) swaps greedy and lazy", () => {
    expect(first("(?U)a+", "aaa")).toBe("a");
    expect(first("(?U)a+?", "aaa")).toBe("aaa");
  });

  it("repeats groups and classes", () => {
    expect(first("(?:ab|c){2,3}", "abcabx")).toBe("abcab");
    expect(first("[0-9]{3}-[0-9]{4}", "call 555-1234 now")).toBe("555-1234");
  });
});

describe("flags", () => {
  it("(?i) folds ASCII case for literals and classes", () => {
    expect(spans("(?i)hello", "HeLLo hello")).toBe("[0,5) [6,11)");
    expect(spans("(?i)[a-c]+", "AbC")).toBe("[0,3)");
    expect(spans("(?i)[^a]", "Ab")).toBe("[1,2)");
    expect(spans("(?i)[[:upper:]]+", "aB")).toBe("[0,2)");
  });

  it("case folding is ASCII only (a documented limit)", () => {
    expect(spans("(?i)é", "É")).toBe("");
    expect(spans("(?i)k", "\u212a")).toBe("");
  });

  it("inline flag groups scope the flag; (?flags) lasts to the group end", () => {
    expect(spans("a(?i:b)c", "aBc abC")).toBe("[0,3)");
    expect(spans("(a(?i)b)c", "aBc aBC")).toBe("[0,3)");
    expect(spans("a(?i)b|c", "aB C")).toBe("[0,2) [3,4)");
    expect(spans("(?i)a(?-i)b", "Ab AB")).toBe("[0,2)");
    expect(spans("(?sm)^.$", "a\n\n")).toBe("[0,1) [2,3)");
  });

  it("applies an operator after a flag group to the item before it (as RE2 does)", () => {
    expect(spans("xa(?i)*", "xaaa")).toBe("[0,4)");
    expect(spans("a(?i)+b", "aaB AB")).toBe("[0,3)");
  });
});
