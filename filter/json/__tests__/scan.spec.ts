import { utf8 } from "../bytes";
import { indexJsonObject } from "../parse";
import { forgetEnds } from "../ends";
import { firstItem, isTrueAt, kindAt, memberAt, membersAt, nextItem, numberAt, rootAt, stringAt, stringIsAt, valueEnd } from "../scan";
import { JsonKind } from "../value";

function span(src: Uint8Array, pos: i32): string {
  return String.UTF8.decodeUnsafe(src.dataStart + <usize>pos, <usize>(valueEnd(src, pos) - pos));
}

describe("indexJsonObject", () => {
  it("takes one valid object and nothing else", () => {
    expect(indexJsonObject(utf8(' {"a":[1,{"b":"\\u00e9"}]} '))).toBe(true);
    expect(indexJsonObject(utf8("[1]"))).toBe(false);
    expect(indexJsonObject(utf8('"x"'))).toBe(false);
    expect(indexJsonObject(utf8('{"a":1} x'))).toBe(false);
    expect(indexJsonObject(utf8('{"a":1,}'))).toBe(false);
    expect(indexJsonObject(utf8('{"a":"\\q"}'))).toBe(false);
    expect(indexJsonObject(utf8("{"))).toBe(false);
  });

  it("notes where each value ends, for the scan to jump over", () => {
    const src = utf8('{"a":{"b":"}"},"c":[1,"]"],"d":"x"}');
    expect(indexJsonObject(src)).toBe(true);
    // The table, not the bytes, tells the ends: spans come out the same.
    expect(numberAt(src, memberAt(src, 0, "c") + 1)).toBe(1.0);
    expect(span(src, memberAt(src, 0, "a"))).toBe('{"b":"}"}');
    expect(stringAt(src, memberAt(src, 0, "d"))).toBe("x");
    forgetEnds();
  });
});

describe("scan", () => {
  // These documents are not indexed: the scan reads their bytes.
  it("finds members past nested values, strings with brackets and escaped quotes", () => {
    const src = utf8(' { "x" : {"y":["}",{"z":"\\"]"}]} , "n": -2.5e1,"t":true,"s":"a\\"b" , "e":[ ] }');
    const root = rootAt(src);
    expect(kindAt(src, root)).toBe(JsonKind.Object);
    expect(span(src, memberAt(src, root, "x"))).toBe('{"y":["}",{"z":"\\"]"}]}');
    expect(numberAt(src, memberAt(src, root, "n"))).toBe(-25.0);
    expect(isTrueAt(src, memberAt(src, root, "t"))).toBe(true);
    expect(stringAt(src, memberAt(src, root, "s"))).toBe('a"b');
    expect(stringIsAt(src, memberAt(src, root, "s"), 'a"b')).toBe(true);
    expect(firstItem(src, memberAt(src, root, "e"))).toBe(-1);
    expect(memberAt(src, root, "y")).toBe(-1);
    expect(memberAt(src, memberAt(src, root, "n"), "a")).toBe(-1);
  });

  it("takes a repeated member's last occurrence and matches escaped names decoded", () => {
    const src = utf8('{"a":1,"\\u0062":2,"a":3}');
    const keys: StaticArray<string> = ["a", "b", "c"];
    const at = new StaticArray<i32>(3);
    membersAt(src, 0, keys, at);
    expect(numberAt(src, at[0])).toBe(3.0);
    expect(numberAt(src, at[1])).toBe(2.0);
    expect(at[2]).toBe(-1);
  });

  it("walks array items", () => {
    const src = utf8('[ 1 , "x,]" ,[2,3],{"k":[]} ]');
    let item = firstItem(src, 0);
    const seen = new Array<string>(0);
    while (item >= 0) {
      seen.push(span(src, item));
      item = nextItem(src, item);
    }
    expect(seen.join("|")).toBe('1|"x,]"|[2,3]|{"k":[]}');
  });
});
