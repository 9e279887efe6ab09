import { utf8 } from "../bytes";
import { parseJsonString } from "../parse";
import { JsonKind } from "../value";
import { decodeJsonString, jsonQuote } from "../string";


describe("parseJson", () => {
  it("parses nested values with their byte spans", () => {
    const src = '{"a": [1, -2.5e1, true, null], "b": "x"}';
    const r = parseJsonString(src);
    expect(r.ok()).toBe(true);
    const root = r.value!;
    const a = root.get("a")!;
    expect(a.kind).toBe(JsonKind.Array);
    expect(a.items.length).toBe(4);
    expect(a.items[1].numberValue).toBe(-25.0);
    expect(a.items[2].boolValue).toBe(true);
    const b = root.get("b")!;
    expect(b.stringValue).toBe("x");
    expect(src.substring(b.start, b.end)).toBe('"x"');
    expect(src.substring(a.start, a.end)).toBe("[1, -2.5e1, true, null]");
  });

  it("decodes escapes, surrogate pairs and raw UTF-8", () => {
    const r = parseJsonString('"tab\\t quote\\" \\u00e9 \\ud83d\\ude00 ü"');
    expect(r.value!.stringValue).toBe("tab\t quote\" é 😀 ü");
  });

  it("spans count UTF-8 bytes, not UTF-16 units", () => {
    const r = parseJsonString('{"k":"é","n":1}');
    const n = r.value!.get("n")!;
    expect(n.start).toBe(14);
  });

  it("keeps the last of repeated members", () => {
    expect(parseJsonString('{"a":1,"a":2}').value!.get("a")!.numberValue).toBe(2.0);
  });

  it("reports errors with an offset instead of aborting", () => {
    const cases = ['{"a":}', "[1,]", '{"a" 1}', '"open', "01", "1.", "-", "tru", "[1] x", "", '"\\x"', '"a\nb"'];
    for (let i = 0; i < cases.length; i++) {
      const r = parseJsonString(cases[i]);
      expect(r.ok()).toBe(false, cases[i]);
      expect(r.error.length).toBeGreaterThan(0);
      expect(r.errorOffset).toBeGreaterThanOrEqual(0);
    }
  });

  it("refuses nesting deeper than the bound", () => {
    let deep = "";
    for (let i = 0; i < 500; i++) deep += "[";
    const r = parseJsonString(deep);
    expect(r.ok()).toBe(false);
    expect(r.error.includes("nested deeper")).toBe(true, r.error);
  });
});

describe("JSON strings", () => {
  it("round-trips text through encode and decode", () => {
    const text = 'line\nbreak "q" back\\slash \u0001 ✓';
    const quoted = jsonQuote(text);
    const src = utf8(quoted);
    const decoded = decodeJsonString(src, 1, src.length - 1)!;
    expect(String.UTF8.decode(decoded.buffer)).toBe(text);
    expect(quoted).toBe('"line\\nbreak \\"q\\" back\\\\slash \\u0001 ✓"');
  });
});
