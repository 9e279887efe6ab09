// Masking one channel in pieces equals masking the whole text, wherever the
// pieces are cut; the hold-back is exactly the possible match in progress.

import { ChannelMasker, maskLabels, REDACTED } from "../channel";
import { compileGuardSet } from "../../guard/builtins";
import { maskText } from "../../guard/builtins-mask";
import { PatternSet } from "../../guard/regex/pattern-set";
import { ByteSink } from "../../json/string";
import { isValidUtf8 } from "../processor";
import { Splices, removeMember } from "../splices";
import { memberAt, rootAt } from "../../json/scan";

function utf8(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }
function str(b: Uint8Array): string { return String.UTF8.decodeUnsafe(b.dataStart, b.length); }

let SET: PatternSet = compileGuardSet(["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"], ["(?i)project\\s+falcon"], ["CODENAME"]).set!;

function pieces(text: Uint8Array, cuts: Array<i32>): string {
  const m = new ChannelMasker(SET, maskLabels(SET));
  const out = new ByteSink(16);
  let from = 0;
  for (let i = 0; i <= cuts.length; i++) {
    let to = text.length;
    if (i < cuts.length) to = cuts[i];
    m.feed(text.subarray(from, to), out);
    from = to;
  }
  m.finish(out);
  return str(out.toBytes());
}

const TEXT = "mail jane.doe@example.com, call (415) 555-2671, ssn 123-45-6789, card 4111 1111 1111 1111, project  Falcon ✓ é 🙂 end";

describe("ChannelMasker", () => {
  it("equals maskText of the whole, for every cut and every pair of cuts", () => {
    const text = utf8(TEXT);
    const expected = str(maskText(SET, text).masked);
    expect(expected).toBe("mail <EMAIL_ADDRESS>, call <PHONE_NUMBER>, ssn <US_SSN>, card <CREDIT_CARD>, <CODENAME> ✓ é 🙂 end");
    for (let a = 0; a <= text.length; a++) {
      expect(pieces(text, [a])).toBe(expected);
      for (let b = a; b <= text.length; b += 7) expect(pieces(text, [a, b])).toBe(expected);
    }
  });

  it("holds back only what may still become a match", () => {
    const m = new ChannelMasker(SET, maskLabels(SET));
    const out = new ByteSink(16);
    m.feed(utf8("call me at 415"), out);
    expect(str(out.toBytes())).toBe("call me at ");
    expect(m.heldBytes()).toBe(3);
    m.feed(utf8(" tomorrow"), out);
    expect(str(out.toBytes())).toBe("call me at 415 ");
    m.finish(out);
    expect(str(out.toBytes())).toBe("call me at 415 tomorrow");
  });

  it("redacts what it holds when told to, and scans afresh after", () => {
    const m = new ChannelMasker(SET, maskLabels(SET));
    const out = new ByteSink(16);
    m.feed(utf8("x aaaaaaaaaa"), out);
    m.redact(out);
    m.feed(utf8("bbb@c.io done"), out);
    m.finish(out);
    expect(str(out.toBytes())).toBe("x " + REDACTED + "<EMAIL_ADDRESS> done");
  });
});

describe("stream helpers", () => {
  it("removes a member with its comma, wherever it sits", () => {
    const cases = ['{"a":1,"usage":null}', '{"usage":null,"a":1}', '{"usage" : null}', '{"a":1, "usage": null ,"b":2}'];
    const want = ['{"a":1}', '{"a":1}', "{}", '{"a":1 ,"b":2}'];
    for (let i = 0; i < cases.length; i++) {
      const src = utf8(cases[i]);
      const splices = new Splices();
      expect(removeMember(src, memberAt(src, rootAt(src), "usage"), "usage", splices)).toBe(true);
      const out = new ByteSink(16);
      splices.write(src, out);
      expect(str(out.toBytes())).toBe(want[i]);
    }
  });

  it("validates UTF-8 strictly", () => {
    expect(isValidUtf8(utf8("é✓🙂"))).toBe(true);
    const bad = new Uint8Array(2);
    bad[0] = 0xc3; bad[1] = 0x28;
    expect(isValidUtf8(bad)).toBe(false);
    const cut = new Uint8Array(2);
    cut[0] = 0xf0; cut[1] = 0x9f;
    expect(isValidUtf8(cut)).toBe(false);
  });
});
