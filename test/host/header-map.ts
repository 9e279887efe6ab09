// Header maps as Envoy keeps them (ordered entries, lower-case names, pseudo-headers first,
// repeated names allowed) and their ABI serialization:
//   u32 count, count × (u32 key length, u32 value length), then key\0value\0 for each pair.

import { bytesToText, toBytes } from "./memory.ts";

export type HeaderPair = [string, string];
/** What tests pass for headers: ordered pairs, or an object (array values become repeated headers). */
export type HeadersInit = readonly (readonly [string, string])[] | Record<string, string | readonly string[]>;

/** ASCII lower-casing, like Envoy's LowerCaseString (non-ASCII bytes are left alone). */
export function lowerName(name: string): string {
  return name.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

const byteLength = (s: string) => toBytes(s).length;

export class HeaderMap {
  private entries: HeaderPair[] = [];

  static from(init?: HeadersInit | HeaderMap | null): HeaderMap {
    const map = new HeaderMap();
    if (!init) return map;
    if (init instanceof HeaderMap) return init.clone();
    const pairs: readonly (readonly [string, string])[] = Array.isArray(init)
      ? (init as readonly (readonly [string, string])[])
      : Object.entries(init as Record<string, string | readonly string[]>).flatMap(([k, v]) =>
          typeof v === "string" ? [[k, v] as const] : v.map((x) => [k, x] as const),
        );
    for (const [k, v] of pairs) map.add(k, v);
    return map;
  }

  clone(): HeaderMap {
    const copy = new HeaderMap();
    copy.entries = this.entries.map(([k, v]) => [k, v]);
    return copy;
  }

  /** Number of entries (what Envoy passes as the header count to callbacks). */
  get size(): number {
    return this.entries.length;
  }

  /** First value of the header, as Envoy's get_header_map_value returns. */
  get(name: string): string | undefined {
    const key = lowerName(name);
    return this.entries.find(([k]) => k === key)?.[1];
  }

  getAll(name: string): string[] {
    const key = lowerName(name);
    return this.entries.filter(([k]) => k === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** addCopy: appends a new entry; pseudo-headers go after the existing pseudo-headers. */
  add(name: string, value: string): void {
    const key = lowerName(name);
    if (key.startsWith(":")) {
      let at = 0;
      while (at < this.entries.length && this.entries[at][0].startsWith(":")) at++;
      this.entries.splice(at, 0, [key, value]);
    } else {
      this.entries.push([key, value]);
    }
  }

  /** setCopy: replaces the first entry's value, or adds the header. */
  set(name: string, value: string): void {
    const key = lowerName(name);
    const entry = this.entries.find(([k]) => k === key);
    if (entry) entry[1] = value;
    else this.add(key, value);
  }

  /** Removes every entry with that name. */
  remove(name: string): void {
    const key = lowerName(name);
    this.entries = this.entries.filter(([k]) => k !== key);
  }

  /** set_header_map_pairs: drop all entries, then add the pairs in order. */
  replaceAll(pairs: readonly (readonly [string, string])[]): void {
    this.entries = [];
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** Envoy's HeaderMap::byteSize(): total bytes of names and values. */
  byteSize(): number {
    return this.entries.reduce((n, [k, v]) => n + byteLength(k) + byteLength(v), 0);
  }

  pairs(): HeaderPair[] {
    return this.entries.map(([k, v]) => [k, v]);
  }

  /** Plain object; repeated headers are joined with ",". */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries) out[k] = k in out ? `${out[k]},${v}` : v;
    return out;
  }

  [Symbol.iterator](): IterableIterator<HeaderPair> {
    return this.pairs()[Symbol.iterator]();
  }
}

/** Serialize pairs the way the host returns them to the module (marshalPairs). */
export function encodePairs(pairs: readonly (readonly [string, string])[]): Uint8Array {
  const encoded = pairs.map(([k, v]) => [toBytes(k), toBytes(v)] as const);
  let size = 4 + encoded.length * 8;
  for (const [k, v] of encoded) size += k.length + 1 + v.length + 1;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, encoded.length, true);
  let offset = 4;
  for (const [k, v] of encoded) {
    view.setUint32(offset, k.length, true);
    view.setUint32(offset + 4, v.length, true);
    offset += 8;
  }
  for (const [k, v] of encoded) {
    out.set(k, offset);
    offset += k.length + 1; // NUL
    out.set(v, offset);
    offset += v.length + 1;
  }
  return out;
}

/**
 * Parse pairs sent by the module (Envoy's toPairs): fewer than 4 bytes, or a count whose length
 * table does not fit, yields no pairs. Strings running past the end are cut at the end.
 */
export function decodePairs(data: Uint8Array): HeaderPair[] {
  if (data.length < 4) return [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint32(0, true);
  if (4 + count * 8 > data.length) return [];
  const sizes: [number, number][] = [];
  for (let i = 0; i < count; i++) sizes.push([view.getUint32(4 + i * 8, true), view.getUint32(8 + i * 8, true)]);
  let offset = 4 + count * 8;
  const pairs: HeaderPair[] = [];
  for (const [klen, vlen] of sizes) {
    const key = bytesToText(data.subarray(offset, offset + klen));
    offset += klen + 1;
    const value = bytesToText(data.subarray(offset, offset + vlen));
    offset += vlen + 1;
    pairs.push([key, value]);
  }
  return pairs;
}
