// A header map read with one host call (abi/host.ts requestHeaders and
// responseHeaders). Pure: no host calls, so it is unit-tested on its own.

/**
 * A header map as the host serialized it (proxy_get_header_map_pairs: u32
 * count, count × (u32 name length, u32 value length), then each
 * `name\0value\0`), read with one host call instead of one per header.
 * Names are compared as bytes; a value is decoded only when asked for.
 * Envoy keeps header names lower-case; the names asked for here are too.
 */
export class HeaderPairs {
  private data: ArrayBuffer;
  /** Per header: name offset, name length, value offset, value length (into `data`). */
  private spans: StaticArray<i32>;
  readonly size: i32;

  constructor(data: ArrayBuffer) {
    this.data = data;
    const base = changetype<usize>(data);
    const total = data.byteLength;
    let count = 0;
    if (total >= 4) count = <i32>load<u32>(base);
    // A map the host could not have written: read it as empty.
    if (count < 0 || 4 + <i64>count * 8 > <i64>total) count = 0;
    let at = 4 + count * 8;
    const spans = new StaticArray<i32>(count * 4);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const nameLength = <i32>load<u32>(base + 4 + i * 8);
      const valueLength = <i32>load<u32>(base + 8 + i * 8);
      if (nameLength < 0 || valueLength < 0 || <i64>at + nameLength + valueLength + 2 > <i64>total) break;
      unchecked(spans[i * 4] = at);
      unchecked(spans[i * 4 + 1] = nameLength);
      unchecked(spans[i * 4 + 2] = at + nameLength + 1);
      unchecked(spans[i * 4 + 3] = valueLength);
      at += nameLength + valueLength + 2;
      n++;
    }
    this.spans = spans;
    this.size = n;
  }

  /** Index of the first header named `name`, or -1. */
  indexOf(name: string): i32 {
    for (let i = 0; i < this.size; i++) {
      if (this.nameIs(i, name)) return i;
    }
    return -1;
  }

  has(name: string): bool {
    return this.indexOf(name) >= 0;
  }

  /** How many headers are named `name`. */
  count(name: string): i32 {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.nameIs(i, name)) n++;
    }
    return n;
  }

  /** The first value of `name` (as get_header_map_value returns it), or null when absent. */
  get(name: string): string | null {
    const i = this.indexOf(name);
    if (i < 0) return null;
    return this.value(i);
  }

  name(i: i32): string {
    return String.UTF8.decodeUnsafe(changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4]), <usize>unchecked(this.spans[i * 4 + 1]));
  }

  value(i: i32): string {
    return String.UTF8.decodeUnsafe(changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4 + 2]), <usize>unchecked(this.spans[i * 4 + 3]));
  }

  /** Byte length of value `i`. */
  valueLength(i: i32): i32 {
    return unchecked(this.spans[i * 4 + 3]);
  }

  /** Whether value `i` equals `lower` (lower-case ASCII), ignoring ASCII case. */
  valueIsLower(i: i32, lower: string): bool {
    const length = unchecked(this.spans[i * 4 + 3]);
    if (length != lower.length) return false;
    return this.matchesLowerAt(changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4 + 2]), lower);
  }

  /** Whether value `i` contains `lower` (lower-case ASCII), ignoring ASCII case. */
  valueContainsLower(i: i32, lower: string): bool {
    const length = unchecked(this.spans[i * 4 + 3]);
    const at = changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4 + 2]);
    for (let k = 0; k + lower.length <= length; k++) {
      if (this.matchesLowerAt(at + <usize>k, lower)) return true;
    }
    return false;
  }

  /** The three-digit status in value `i`, or 0 when it is not one. */
  valueStatus(i: i32): i32 {
    if (unchecked(this.spans[i * 4 + 3]) != 3) return 0;
    const at = changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4 + 2]);
    let n = 0;
    for (let k = 0; k < 3; k++) {
      const c = <i32>load<u8>(at + <usize>k);
      if (c < 0x30 || c > 0x39) return 0;
      n = n * 10 + (c - 0x30);
    }
    return n;
  }

  private matchesLowerAt(at: usize, lower: string): bool {
    for (let k = 0; k < lower.length; k++) {
      let c = <i32>load<u8>(at + <usize>k);
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c != lower.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Whether header `i` is named `name` (an ASCII name, compared byte for byte). */
  private nameIs(i: i32, name: string): bool {
    const length = unchecked(this.spans[i * 4 + 1]);
    if (length != name.length) return false;
    const at = changetype<usize>(this.data) + <usize>unchecked(this.spans[i * 4]);
    for (let k = 0; k < length; k++) {
      if (<i32>load<u8>(at + <usize>k) != name.charCodeAt(k)) return false;
    }
    return true;
  }
}
