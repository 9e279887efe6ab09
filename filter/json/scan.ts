// Reading a few members of a JSON document straight from its bytes, building
// no values: a stream event is read for three or four members, and building
// its tree was most of the per-event cost (a value per member, two arrays per
// object). Every exported function takes the document and a value's first
// byte (-1: no value), and assumes the document was checked first
// (parse.ts's indexJsonObject): nothing here validates.
//
// A member named twice counts as its last occurrence, as JsonValue.get does.
// A member not wanted is jumped over with json/ends.ts's table when the
// document is the stream event just checked, else scanned.
// The loops below take the bytes as a pointer: AssemblyScript 0.17 retains
// and releases every reference argument of every call.

import { JsonKind, asciiBytesAre, decodeSpan, isAscii, readNumber } from "./value";
import { endsOf } from "./ends";

/** The kind of the value starting at `pos` (-1 for none). */
export function kindAt(src: Uint8Array, pos: i32): i32 {
  return kindOf(src.dataStart, pos);
}

/** Past the value starting at `pos`. */
export function valueEnd(src: Uint8Array, pos: i32): i32 {
  return endOf(src.dataStart, src.length, pos);
}

/** The first non-space byte: where the document's value starts. */
export function rootAt(src: Uint8Array): i32 {
  return skipSpace(src.dataStart, src.length, 0);
}

/**
 * For each of `keys` (ASCII names), where the value of the object at `obj`'s
 * member of that name starts, into `at` (-1: none, or `obj` is not an
 * object). One pass over the object however many keys are asked for.
 */
export function membersAt(src: Uint8Array, obj: i32, keys: StaticArray<string>, at: StaticArray<i32>): void {
  const count = keys.length;
  for (let k = 0; k < count; k++) unchecked(at[k] = -1);
  const base = src.dataStart;
  const size = src.length;
  if (kindOf(base, obj) != JsonKind.Object) return;
  // The keys as raw pointers too: reading them as strings would retain and
  // release each one for every member.
  const keyPtrs = changetype<usize>(keys);
  let pos = skipSpace(base, size, obj + 1);
  while (load<u8>(base + <usize>pos) == 0x22) {
    const nameEnd = endOf(base, size, pos);
    const escaped = hasEscapesAt(base, pos + 1, nameEnd - 1);
    const value = skipSpace(base, size, skipSpace(base, size, nameEnd) + 1);
    for (let k = 0; k < count; k++) {
      const key = load<usize>(keyPtrs + (<usize>k << alignof<usize>()));
      if (escaped) {
        if (decodeSpan(src, pos + 1, nameEnd - 1, true) == changetype<string>(key)) unchecked(at[k] = value);
      } else if (asciiBytesAre(base + <usize>(pos + 1), nameEnd - 1 - (pos + 1), key, changetype<string>(key).length)) {
        unchecked(at[k] = value);
      }
    }
    pos = skipSpace(base, size, endOf(base, size, value));
    if (load<u8>(base + <usize>pos) == 0x2c) pos = skipSpace(base, size, pos + 1);
  }
}

/** Where the object at `obj`'s member `key` (ASCII) starts (its last occurrence), or -1. */
export function memberAt(src: Uint8Array, obj: i32, key: string): i32 {
  oneKey[0] = key;
  membersAt(src, obj, oneKey, oneAt);
  return unchecked(oneAt[0]);
}
const oneKey = new StaticArray<string>(1);
const oneAt = new StaticArray<i32>(1);

/** The first item of the array at `arr`, or -1 (empty, or not an array). */
export function firstItem(src: Uint8Array, arr: i32): i32 {
  const base = src.dataStart;
  if (kindOf(base, arr) != JsonKind.Array) return -1;
  const pos = skipSpace(base, src.length, arr + 1);
  return load<u8>(base + <usize>pos) == 0x5d ? -1 : pos;
}

/** The item after the one at `item`, or -1 at the array's end. */
export function nextItem(src: Uint8Array, item: i32): i32 {
  const base = src.dataStart;
  const size = src.length;
  const pos = skipSpace(base, size, endOf(base, size, item));
  if (load<u8>(base + <usize>pos) != 0x2c) return -1;
  return skipSpace(base, size, pos + 1);
}

/** Whether the string between quotes, [from, to), has escapes. */
export function hasEscapes(src: Uint8Array, from: i32, to: i32): bool {
  return hasEscapesAt(src.dataStart, from, to);
}

/** Whether the value at `pos` is a string whose text is `text`. */
export function stringIsAt(src: Uint8Array, pos: i32, text: string): bool {
  const base = src.dataStart;
  if (kindOf(base, pos) != JsonKind.String) return false;
  const from = pos + 1;
  const to = endOf(base, src.length, pos) - 1;
  const escaped = hasEscapesAt(base, from, to);
  if (!escaped && isAscii(text)) return asciiBytesAre(base + <usize>from, to - from, changetype<usize>(text), text.length);
  return decodeSpan(src, from, to, escaped) == text;
}

/** The decoded text of the string at `pos`. */
export function stringAt(src: Uint8Array, pos: i32): string {
  const to = valueEnd(src, pos) - 1;
  return decodeSpan(src, pos + 1, to, hasEscapes(src, pos + 1, to));
}

/** The number at `pos` (0 for other kinds, as JsonValue.numberValue). */
export function numberAt(src: Uint8Array, pos: i32): f64 {
  if (kindAt(src, pos) != JsonKind.Number) return 0;
  return readNumber(src, pos, valueEnd(src, pos));
}

/** Whether the value at `pos` is `true`. */
export function isTrueAt(src: Uint8Array, pos: i32): bool {
  return pos >= 0 && unchecked(src[pos]) == 0x74;
}

// ---------------------------------------------------------------- over a pointer

function kindOf(base: usize, pos: i32): i32 {
  if (pos < 0) return -1;
  const c = load<u8>(base + <usize>pos);
  if (c == 0x7b) return JsonKind.Object;
  if (c == 0x5b) return JsonKind.Array;
  if (c == 0x22) return JsonKind.String;
  if (c == 0x6e) return JsonKind.Null;
  if (c == 0x74 || c == 0x66) return JsonKind.Bool;
  return JsonKind.Number;
}

function endOf(base: usize, size: i32, pos: i32): i32 {
  const ends = endsOf(base);
  if (ends != 0) return load<i32>(ends + (<usize>pos << 2));
  const c = load<u8>(base + <usize>pos);
  if (c == 0x22) return stringEnd(base, pos);
  if (c != 0x7b && c != 0x5b) {
    // A number or a literal: up to the next delimiter.
    let i = pos + 1;
    while (i < size) {
      const d = load<u8>(base + <usize>i);
      if (d == 0x2c || d == 0x7d || d == 0x5d || isSpace(d)) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  let i = pos;
  while (true) {
    const d = load<u8>(base + <usize>i);
    if (d == 0x22) { i = stringEnd(base, i); continue; }
    i++;
    if (d == 0x7b || d == 0x5b) depth++;
    else if ((d == 0x7d || d == 0x5d) && --depth == 0) return i;
  }
  return i;
}

/** Past the closing quote of the string whose opening quote is at `pos`. */
function stringEnd(base: usize, pos: i32): i32 {
  let i = pos + 1;
  while (true) {
    const c = load<u8>(base + <usize>i);
    if (c == 0x22) return i + 1;
    i += c == 0x5c ? 2 : 1;
  }
  return i;
}

function skipSpace(base: usize, size: i32, pos: i32): i32 {
  while (pos < size && isSpace(load<u8>(base + <usize>pos))) pos++;
  return pos;
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isSpace(c: u8): bool { return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09; }

function hasEscapesAt(base: usize, from: i32, to: i32): bool {
  for (let i = from; i < to; i++) if (load<u8>(base + <usize>i) == 0x5c) return true;
  return false;
}
