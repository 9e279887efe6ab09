import { utf8 } from "../bytes";
import { parseJson, parseJsonString } from "../parse";
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

  it("finds a string's end, escapes and control characters at every offset (the 8-byte skip)", () => {
    for (let k = 0; k < 20; k++) {
      const pad = "é".repeat(k >> 1) + "x".repeat(k & 1); // multi-byte text before it too
      // The closing quote at offset k: the member after it is found.
      let r = parseJsonString('{"s":"' + pad + '","n":7}');
      expect(r.value!.get("n")!.numberValue).toBe(7.0);
      expect(r.value!.get("s")!.stringValue).toBe(pad);
      // An escaped quote at offset k does not end the string.
      r = parseJsonString('["' + pad + '\\"' + pad + '"]');
      expect(r.value!.items[0].stringValue).toBe(pad + '"' + pad);
      // A raw control character at offset k is refused where it is.
      r = parseJsonString('"' + pad + "\n" + pad + '"');
      expect(r.ok()).toBe(false);
      expect(r.errorOffset).toBe(1 + String.UTF8.byteLength(pad));
      // No closing quote: unterminated, whatever the length.
      expect(parseJsonString('"' + pad + pad).ok()).toBe(false);
    }
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

const DOC = '{"model":"gpt-4o","n":12,"f":-2.5e1,"messages":[{"role":"user","content":"a\\nb"},{"role":"system","content":[{"type":"text","text":"t"}]}],' +
    '"\\u006dodel2":1,"é":"x","big":123456789012345678}';

describe("lazy building", () => {

  it("builds nested levels when read, with the same values and spans as an eager parse", () => {
    const src = utf8(DOC);
    const lazy = parseJson(src).value!;
    const eager = parseJson(src, true).value!;
    const roots = [lazy, eager];
    for (let i = 0; i < 2; i++) {
      const root = roots[i];
      expect(root.memberCount()).toBe(7);
      const messages = root.get("messages")!;
      expect(messages.items.length).toBe(2);
      const second = messages.items[1];
      expect(second.getString("role", "")).toBe("system");
      const part = second.get("content")!.items[0];
      expect(part.memberIs("type", "text")).toBe(true);
      expect(part.memberIs("type", "tex")).toBe(false);
      expect(DOC.substring(part.start, part.end)).toBe('{"type":"text","text":"t"}');
      expect(messages.items[0].getString("content", "")).toBe("a\nb");
      expect(root.get("n")!.numberValue).toBe(12.0);
      expect(root.get("f")!.numberValue).toBe(-25.0);
      expect(root.get("big")!.numberValue).toBe(123456789012345678.0);
    }
  });

  it("matches member names by their decoded text: escapes and non-ASCII names too", () => {
    const root = parseJsonString(DOC).value!;
    expect(root.get("model2") !== null).toBe(true, "an escaped name");
    expect(root.key(4)).toBe("model2");
    expect(root.getString("é", "")).toBe("x");
    expect(root.get("mode") === null).toBe(true);
    expect(root.get("models") === null).toBe(true);
    expect(root.get("model")!.stringIs("gpt-4o")).toBe(true);
    expect(root.get("model")!.stringIs("gpt-4")).toBe(false);
    expect(root.get("n")!.stringIs("12")).toBe(false, "a number is no string");
  });

  it("gives a string's bytes without copying when they are the text's own", () => {
    const src = utf8('["héllo","a\\u0041"]');
    const items = parseJson(src).value!.items;
    const plain = items[0].textBytes();
    expect(plain.dataStart).toBe(src.dataStart + 2, "a view of the source");
    expect(String.UTF8.decodeUnsafe(plain.dataStart, plain.length)).toBe("héllo");
    const escaped = items[1].textBytes();
    expect(String.UTF8.decodeUnsafe(escaped.dataStart, escaped.length)).toBe("aA");
  });

  it("reports errors inside levels it does not build, at the same offset", () => {
    const cases = ['{"a":[1,{"b":tru}]}', '{"a":{"b":"\\x"}}', '{"a":[1 2]}', '{"a":{"b" 1}}', '[[[[["\u0001"]]]]]'];
    const offsets = [16, 10, 8, 10, 6];
    for (let i = 0; i < cases.length; i++) {
      const lazy = parseJsonString(cases[i]);
      const eager = parseJson(utf8(cases[i]), true);
      expect(lazy.ok()).toBe(false, cases[i]);
      expect(lazy.errorOffset).toBe(offsets[i], cases[i]);
      expect(eager.errorOffset).toBe(offsets[i], cases[i]);
      expect(lazy.error).toBe(eager.error, cases[i]);
    }
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
