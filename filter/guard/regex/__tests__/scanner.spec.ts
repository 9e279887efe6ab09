// Streaming: chunked input gives exactly the batch matches, and safeOffset
// holds back only text that may still become part of a match.

import { compileRegex } from "../index";
import { Dfa } from "../dfa";
import { Matcher } from "../matcher";
import { MatchValidator } from "../pike";
import { StartLists } from "../start-lists";
import { bytes, render, setOf, streamedSpans, utf8 } from "./helpers";

describe("scanner", () => {
  it("matches like findAll whatever the chunk size", () => {
    let set = setOf(["\\b\\d{3}-\\d{2}-\\d{4}\\b", "[a-z]+@[a-z]+\\.com", "é+", "x*"]);
    let text = utf8("ssn 123-45-6789, mail bob@ex.com, ééé x 987-65-4321");
    let batch = render(set.findAll(text), true);
    for (let chunk = 1; chunk <= 7; chunk++) expect(streamedSpans(set, text, chunk)).toBe(batch);
    expect(streamedSpans(set, text, 1000)).toBe(batch);
  });

  it("holds back a partial match and releases text that cannot match", () => {
    let scanner = setOf(["secret"]).newScanner();
    scanner.feed(utf8("my sec"));
    expect(scanner.safeOffset()).toBe(3);
    scanner.feed(utf8("ret is "));
    expect(render(scanner.takeMatches(), true)).toBe("[3,9)#0");
    expect(scanner.safeOffset()).toBe(13);
    scanner.feed(utf8("sex"));
    expect(scanner.safeOffset()).toBe(16);
    scanner.finish();
    expect(scanner.safeOffset()).toBe(16);
  });

  it("reports the earliest live start among overlapping candidates", () => {
    let scanner = setOf(["abcd", "bcx"]).newScanner();
    scanner.feed(utf8("zabc"));
    expect(scanner.safeOffset()).toBe(1);
    scanner.feed(utf8("x"));
    // "abcd" died at x; "bcx" matched but is settled only once the next code
    // point (or the end) is known: a longer or assertion-bound match could
    // still depend on it.
    expect(scanner.safeOffset()).toBe(2);
    expect(scanner.takeMatches().length).toBe(0);
    scanner.feed(utf8(" "));
    expect(render(scanner.takeMatches(), true)).toBe("[2,5)#1");
    expect(scanner.safeOffset()).toBe(6);
  });

  it("waits for the rest of a code point split across chunks", () => {
    let scanner = setOf(["☺"]).newScanner();
    scanner.feed(bytes([0x61, 0xe2, 0x98]));
    expect(scanner.safeOffset()).toBe(1);
    scanner.feed(bytes([0xba]));
    scanner.finish();
    expect(render(scanner.takeMatches())).toBe("[1,4)");
  });

  it("needs the end of the text to settle $", () => {
    let scanner = setOf(["a$"]).newScanner();
    scanner.feed(utf8("ba"));
    expect(scanner.safeOffset()).toBe(1);
    scanner.finish();
    expect(render(scanner.takeMatches())).toBe("[1,2)");
  });

  it("decodes a truncated sequence at the end as invalid bytes", () => {
    let scanner = setOf(["."]).newScanner();
    scanner.feed(bytes([0x61, 0xe2, 0x98]));
    scanner.finish();
    expect(render(scanner.takeMatches())).toBe("[0,1) [1,2) [2,3)");
  });
});

// Pseudo-random a/b text with a rare c (xorshift, so the spec is
// reproducible), and an x ending every 1000 bytes: every chunk then ends
// with no thread alive, so the matchers pause in DFA mode.
function abText(length: i32): Uint8Array {
  let out = new Uint8Array(length);
  let state: u32 = 2463534242;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    out[i] = i % 1000 == 999 ? 0x78 : state % 97 == 0 ? 0x63 : 0x61 + <u8>(state & 1);
  }
  return out;
}

describe("shared DFA cache", () => {
  it("stays exact when another matcher drops the cache mid-stream", () => {
    // 2^17 possible DFA states: past the cache budget, so it resets.
    let pattern = "(?:a|b)*a(?:a|b){16}c";
    let text = abText(150000);
    let program = setOf([pattern]).program;
    let expected = render(compileRegex(pattern, false).set!.findAll(text), true);
    let dfa = new Dfa(program);
    let lists = new StartLists(program);
    let validators = new StaticArray<MatchValidator | null>(1);
    let one = new Matcher(program, validators, lists, dfa, null);
    let two = new Matcher(program, validators, lists, dfa, null);
    // Both stream the same text in 1000-byte steps, taking turns.
    for (let fed = 1000; fed <= text.length; fed += 1000) {
      one.setWindow(text.dataStart, fed, fed == text.length);
      one.run();
      two.setWindow(text.dataStart, fed, fed == text.length);
      two.run();
    }
    expect(dfa.resets).toBeGreaterThan(0);
    expect(render(one.matches, true)).toBe(expected);
    expect(render(two.matches, true)).toBe(expected);
  });
});
