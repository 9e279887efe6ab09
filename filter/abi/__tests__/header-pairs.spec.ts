// Header maps as proxy_get_header_map_pairs returns them, read in place.

import { HeaderPairs } from "../header-pairs";

/** The ABI serialization of flat [name, value, …]. */
function serialize(flat: Array<string>): ArrayBuffer {
  const n = flat.length / 2;
  let size = 4 + n * 8;
  for (let i = 0; i < flat.length; i++) size += String.UTF8.byteLength(flat[i]) + 1;
  const out = new ArrayBuffer(size);
  const base = changetype<usize>(out);
  store<u32>(base, n);
  let at = base + 4 + <usize>(n * 8);
  for (let i = 0; i < n; i++) {
    const name = String.UTF8.encode(flat[i * 2]);
    const value = String.UTF8.encode(flat[i * 2 + 1]);
    store<u32>(base + 4 + <usize>(i * 8), name.byteLength);
    store<u32>(base + 8 + <usize>(i * 8), value.byteLength);
    memory.copy(at, changetype<usize>(name), name.byteLength);
    at += <usize>name.byteLength + 1;
    memory.copy(at, changetype<usize>(value), value.byteLength);
    at += <usize>value.byteLength + 1;
  }
  return out;
}

describe("HeaderPairs", () => {
  it("finds headers by name and decodes only the values asked for", () => {
    const h = new HeaderPairs(serialize([":status", "200", "content-type", "Application/JSON; charset=utf-8",
      "authorization", "Bearer a", "x-note", "héllo", "authorization", "Bearer b", "content-encoding", "IDENTITY"]));
    expect(h.size).toBe(6);
    expect(h.get("authorization")).toBe("Bearer a", "the first of repeated headers");
    expect(h.count("authorization")).toBe(2);
    expect(h.has("api-key")).toBe(false);
    expect(h.get("x-note")).toBe("héllo");
    expect(h.get("x-not") === null).toBe(true);
    expect(h.name(1)).toBe("content-type");
    expect(h.valueStatus(h.indexOf(":status"))).toBe(200);
    expect(h.valueContainsLower(h.indexOf("content-type"), "json")).toBe(true, "ASCII case folded");
    expect(h.valueContainsLower(h.indexOf("content-type"), "text/event-stream")).toBe(false);
    expect(h.valueIsLower(h.indexOf("content-encoding"), "identity")).toBe(true);
    expect(h.valueIsLower(h.indexOf("content-encoding"), "identit")).toBe(false);
  });

  it("reads what is not a status as 0", () => {
    const h = new HeaderPairs(serialize([":status", "20x", "a", "2000", "b", ""]));
    expect(h.valueStatus(0)).toBe(0);
    expect(h.valueStatus(1)).toBe(0);
    expect(h.valueStatus(2)).toBe(0);
  });

  it("reads an empty or malformed map as holding what it can", () => {
    expect(new HeaderPairs(new ArrayBuffer(0)).size).toBe(0);
    const whole = serialize(["a", "1", "b", "2"]);
    const cut = whole.slice(0, whole.byteLength - 3);
    const h = new HeaderPairs(cut);
    expect(h.size).toBe(1, "the second pair runs past the end");
    expect(h.get("a")).toBe("1");
    const lying = new ArrayBuffer(8);
    store<u32>(changetype<usize>(lying), 1000);
    expect(new HeaderPairs(lying).size).toBe(0, "a count the buffer cannot hold");
  });
});
