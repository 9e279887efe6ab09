// A parsed JSON document that remembers where every value sits in the source
// bytes. Guards rewrite string values in place and must leave every other byte
// of a body exactly as the client sent it, so spans matter more than a DOM.
//
// Cheap to build (most of a body is never looked at): a nested container's
// members are built from its bytes the first time they are read (json/parse.ts
// checked the whole document before), a string's text and a number's value
// are decoded the first time they are read, and member names stay spans in
// the source, compared as bytes.
// The source bytes must not change while the tree is in use (nothing in Weir
// writes into a parsed buffer: edits build new bytes).

import { decodeJsonString } from "./string";
import { utf8, validUtf8 } from "./bytes";

export enum JsonKind { Null, Bool, Number, String, Array, Object }

// Scalars (most values of a chat body) share these instead of allocating
// arrays each; only the parser fills the arrays of the containers it makes.
const NO_ITEMS = new StaticArray<JsonValue>(0);
const NO_NAMES = new StaticArray<i32>(0);

function noExpander(v: JsonValue): void {}
/** Builds a shell's members: json/parse.ts sets it (this module cannot import the parser). */
let expander: (v: JsonValue) => void = noExpander;

export function setExpander(f: (v: JsonValue) => void): void {
  expander = f;
}

export class JsonValue {
  kind: JsonKind;
  /** Byte offset of the first byte of the value (the opening quote for strings). */
  start: i32;
  /** Byte offset one past the last byte of the value. */
  end: i32;
  boolValue: bool = false;
  /** The parsed document's bytes, which the spans index. */
  readonly src: Uint8Array;
  /** A container whose members are not built yet (see items). */
  lazy: bool = false;
  private children: StaticArray<JsonValue> = NO_ITEMS;
  /**
   * Object member names, two entries per member: the offsets of the name's
   * first byte after the opening quote and of its closing quote; the second is
   * stored as ~offset when the name has escapes.
   */
  private names: StaticArray<i32> = NO_NAMES;
  /** A string with escapes (decoded when read). */
  escaped: bool = false;
  private text: string | null = null;
  private number: f64 = 0;
  private numberRead: bool = false;

  constructor(kind: JsonKind, start: i32, src: Uint8Array) {
    this.kind = kind;
    this.start = start;
    this.end = start;
    this.src = src;
  }

  /** Array items, or object member values (in member order). Shared and empty for scalars: never push to it. */
  get items(): StaticArray<JsonValue> {
    if (this.lazy) this.expand();
    return this.children;
  }

  /** Sets a container's members (the parser). */
  setMembers(items: StaticArray<JsonValue> | null, names: StaticArray<i32> | null): void {
    if (items !== null) this.children = items;
    if (names !== null) this.names = names;
    this.lazy = false;
  }

  private expand(): void {
    this.lazy = false;
    expander(this);
  }

  isString(): bool { return this.kind == JsonKind.String; }
  isObject(): bool { return this.kind == JsonKind.Object; }
  isArray(): bool { return this.kind == JsonKind.Array; }

  /** Decoded text, for strings ("" for other kinds). */
  get stringValue(): string {
    if (this.kind != JsonKind.String) return "";
    const cached = this.text;
    if (cached !== null) return cached;
    const text = decodeSpan(this.src, this.start + 1, this.end - 1, this.escaped);
    this.text = text;
    return text;
  }

  /**
   * The UTF-8 bytes of a string's text: a view of the source when they are
   * the same bytes (no escapes, well-formed UTF-8), else the text encoded.
   * Read-only: it may share the parsed document's memory.
   */
  textBytes(): Uint8Array {
    if (this.kind != JsonKind.String) return utf8("");
    return stringBytes(this.src, this.start, this.end, this.escaped);
  }

  /** The value of a number (0 for other kinds). */
  get numberValue(): f64 {
    if (this.kind != JsonKind.Number) return 0;
    if (!this.numberRead) {
      this.number = readNumber(this.src, this.start, this.end);
      this.numberRead = true;
    }
    return this.number;
  }

  /** How many members an object has (0 for other kinds). */
  memberCount(): i32 {
    if (this.lazy) this.expand();
    return this.names.length >> 1;
  }

  /** The decoded name of member `i` of an object. */
  key(i: i32): string {
    if (this.lazy) this.expand();
    const from = unchecked(this.names[i * 2]);
    const to = unchecked(this.names[i * 2 + 1]);
    if (to < 0) return decodeSpan(this.src, from, ~to, true);
    return decodeSpan(this.src, from, to, false);
  }

  /** Member `key` of an object (the last one when repeated, as most parsers do), or null. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    if (this.lazy) this.expand();
    const names = this.names;
    const base = this.src.dataStart;
    const ascii = isAscii(key);
    for (let i = (names.length >> 1) - 1; i >= 0; i--) {
      if (this.keyIs(i, key, base, ascii)) return unchecked(this.children[i]);
    }
    return null;
  }

  /** Member `key` when it is a string, else `fallback`. */
  getString(key: string, fallback: string): string {
    const v = this.get(key);
    if (v === null || v.kind != JsonKind.String) return fallback;
    return v.stringValue;
  }

  /** Whether member `key` is a string whose text is `text` (a non-empty text: a missing member is never it). */
  memberIs(key: string, text: string): bool {
    const v = this.get(key);
    return v !== null && v.stringIs(text);
  }

  /** Whether this is a string whose text is `text` (compared as bytes when it can be, without decoding). */
  stringIs(text: string): bool {
    if (this.kind != JsonKind.String) return false;
    if (this.text === null && !this.escaped && isAscii(text)) return asciiSpanIs(this.src.dataStart, this.start + 1, this.end - 1, text);
    return this.stringValue == text;
  }

  /**
   * Whether member `i`'s name is `key`: byte for byte when the name has no
   * escapes and `key` is ASCII (`ascii`), else by decoded text. `base` is the
   * source's first byte.
   */
  private keyIs(i: i32, key: string, base: usize, ascii: bool): bool {
    const from = unchecked(this.names[i * 2]);
    const to = unchecked(this.names[i * 2 + 1]);
    if (to >= 0 && ascii) return asciiSpanIs(base, from, to, key);
    return this.key(i) == key;
  }
}

/**
 * Whether the unescaped span [from, to) of the bytes at `base` is the ASCII
 * `text`. Decided on the bytes: an ASCII text equals a span only byte for
 * byte (other bytes decode to non-ASCII text).
 */
export function asciiSpanIs(base: usize, from: i32, to: i32, text: string): bool {
  return asciiBytesAre(base + <usize>from, to - from, changetype<usize>(text), text.length);
}

/** Whether the `size` bytes at `at` are the `length` UTF-16 units at `text`, all ASCII. */
export function asciiBytesAre(at: usize, size: i32, text: usize, length: i32): bool {
  if (size != length) return false;
  for (let k = 0; k < length; k++) {
    if (<i32>load<u8>(at + <usize>k) != <i32>load<u16>(text + (<usize>k << 1))) return false;
  }
  return true;
}

/**
 * The number src[from, to) spells (valid JSON, as the parser checked). Up to
 * 15 plain digits are summed exactly (every such integer is an exact f64,
 * what parseFloat gives too); anything else goes through parseFloat.
 */
export function readNumber(src: Uint8Array, from: i32, to: i32): f64 {
  if (to - from <= 15) {
    let n: i64 = 0;
    let i = from;
    for (; i < to; i++) {
      const c = <i32>unchecked(src[i]);
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
    }
    if (i == to) return <f64>n;
  }
  return parseFloat(String.UTF8.decodeUnsafe(src.dataStart + <usize>from, <usize>(to - from)));
}

export function isAscii(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    // (A load, not charCodeAt: member lookups run this for every key of every stream event.)
    if (load<u16>(changetype<usize>(s) + (<usize>i << 1)) >= 0x80) return false;
  }
  return true;
}

/** The text of src[from, to) (between a string's quotes), with escapes decoded when `escaped`. */
export function decodeSpan(src: Uint8Array, from: i32, to: i32, escaped: bool): string {
  if (!escaped) return String.UTF8.decodeUnsafe(src.dataStart + <usize>from, <usize>(to - from));
  const decoded = decodeJsonString(src, from, to);
  // The parser checked every escape, so this is not null.
  if (decoded === null) return "";
  return String.UTF8.decodeUnsafe(decoded.dataStart, <usize>decoded.length);
}

/**
 * The UTF-8 text of the string src[start, end) (quotes included): a view of
 * `src` when it is the same bytes (no escapes, well-formed UTF-8), else the
 * decoded text encoded. Read-only: it may share `src`'s memory.
 */
export function stringBytes(src: Uint8Array, start: i32, end: i32, escaped: bool): Uint8Array {
  if (!escaped && validUtf8(src, start + 1, end - 1)) return src.subarray(start + 1, end - 1);
  return utf8(decodeSpan(src, start + 1, end - 1, escaped));
}
