// A strict JSON parser (RFC 8259) over UTF-8 bytes. It never aborts the VM on
// bad input: errors come back as a message and a byte offset. Nesting depth is
// bounded so a hostile body cannot exhaust the wasm stack.
//
// The whole document is checked up front, but only the top level is built:
// a nested object or array is a shell (kind and span) until its members are
// first read (JsonValue.items, get, …), when that one level is built from its
// bytes. Strings and numbers are decoded when read (value.ts). A chat body
// whose policy reads two members of the top level allocates a handful of
// values instead of one per value in it.

import { JsonKind, JsonValue, setExpander } from "./value";
import { validJsonEscapes } from "./string";
import { utf8 } from "./bytes";
import { forgetEnds, indexEnds } from "./ends";

export const MAX_DEPTH: i32 = 128;

/** Check only: nothing is allocated (returns SKIPPED). */
const SKIP: i32 = 0;
/** A value: scalars whole, containers as unexpanded shells. */
const SHELL: i32 = 1;
/** A container with its members (as shells). */
const EXPAND: i32 = 2;

/**
 * Members of the containers being built, innermost last; each container takes
 * its own off the top. Shared by every parse: parses never nest (a shell is
 * expanded only after its parse returned), and each empties them when done.
 *
 * The stack holds raw pointers, each owning one reference (taken in push),
 * which finishContainer hands to the container's array as it is: a typed
 * stack would retain and release every value three times more on its way
 * into its container (measured: a quarter of a stream event's reference
 * counting).
 */
const stack = new Array<usize>(0);
const nameStack = new Array<i32>(0);

function pushMember(item: JsonValue): void {
  const ptr = changetype<usize>(item);
  __retain(ptr);
  stack.push(ptr);
}

function clearStacks(): void {
  // After a failed parse: members no container took.
  for (let i = 0; i < stack.length; i++) __release(unchecked(stack[i]));
  stack.length = 0;
  nameStack.length = 0;
}

const NO_BYTES = new Uint8Array(0);

// Per-byte constants of scanString's 8-bytes-at-a-time test.
const BYTES_01: u64 = 0x0101010101010101;
const BYTES_20: u64 = 0x2020202020202020;
const BYTES_80: u64 = 0x8080808080808080;

/** What a checked value returns in SKIP mode (never handed out). */
const SKIPPED = new JsonValue(JsonKind.Null, 0, new Uint8Array(0));

export class JsonParseResult {
  value: JsonValue | null = null;
  error: string = "";
  errorOffset: i32 = -1;
  ok(): bool { return this.value !== null; }
}

/**
 * Parses `src`. `eager` builds every level at once: for callers that read
 * most of the document (guards walking every message), where building each
 * level when first read would check its bytes again.
 */
export function parseJson(src: Uint8Array, eager: bool = false): JsonParseResult {
  const result = new JsonParseResult();
  const v = parseJsonValue(src, eager);
  if (v === null) {
    result.error = parser.error;
    result.errorOffset = parser.errorOffset;
  } else {
    result.value = v;
  }
  return result;
}

/** parseJson without the result: the value, or null when `src` is not JSON (stream events, parsed one by one, need no message). */
export function parseJsonValue(src: Uint8Array, eager: bool = false): JsonValue | null {
  // One parser for every parse: parses never nest (see the stacks above).
  const p = parser;
  p.reset(src, 0);
  p.error = "";
  p.errorOffset = -1;
  p.eager = eager;
  p.skipSpace();
  const v = p.parseValue(0, EXPAND, null);
  if (v !== null) {
    p.skipSpace();
    if (p.pos != src.length) p.fail("unexpected data after the JSON value");
  }
  clearStacks();
  // Hold no document between parses.
  p.reset(NO_BYTES, 0);
  if (p.error.length > 0) return null;
  return v;
}

/**
 * Whether `src` is one JSON object (a stream event, the usage a response's
 * capture kept), checked as
 * parseJsonValue checks it but building nothing: json/scan.ts then reads the
 * few members wanted from the bytes, with where each value ends noted
 * (json/ends.ts). The caller calls forgetEnds() once done reading `src`.
 */
export function indexJsonObject(src: Uint8Array): bool {
  const p = parser;
  p.reset(src, 0);
  p.error = "";
  p.errorOffset = -1;
  p.ends = indexEnds(src);
  p.skipSpace();
  let ok = p.peek() == 0x7b && p.parseValue(0, SKIP, null) !== null;
  if (ok) {
    p.skipSpace();
    ok = p.pos == src.length && p.error.length == 0;
  }
  p.ends = 0;
  p.reset(NO_BYTES, 0);
  if (!ok) forgetEnds();
  return ok;
}

export function parseJsonString(text: string): JsonParseResult {
  return parseJson(utf8(text));
}

/** Builds the members of a shell the parser checked before (value.ts calls it on first read). */
function expand(v: JsonValue): void {
  const p = expansion;
  p.reset(v.src, v.start);
  p.parseValue(0, EXPAND, v);
  clearStacks();
  // Hold no document between expansions.
  p.reset(NO_BYTES, 0);
}
/** One parser for every expansion: they never nest (members are built as shells). */
const expansion = new Parser(NO_BYTES);
/** The parser of parseJson. */
const parser = new Parser(NO_BYTES);
setExpander(expand);

class Parser {
  src: Uint8Array;
  // The bytes as a pointer and a length: the scanning loops read them without
  // taking a reference to `src` (AssemblyScript counts every local reference).
  private base: usize;
  private size: i32;
  pos: i32 = 0;
  error: string = "";
  errorOffset: i32 = -1;
  /** Whether the string scanned last had escapes. */
  escaped: bool = false;
  /** Build every level (children EXPAND instead of SHELL). */
  eager: bool = false;
  /** SKIP mode: the table noting where each value ends (json/ends.ts), or 0. */
  ends: usize = 0;

  constructor(src: Uint8Array) {
    this.src = src;
    this.base = src.dataStart;
    this.size = src.length;
  }

  /** Points the parser at other bytes (the shared expansion parser). */
  reset(src: Uint8Array, pos: i32): void {
    this.src = src;
    this.base = src.dataStart;
    this.size = src.length;
    this.pos = pos;
  }

  /** SKIP mode: the value (or member name) from `start` ends here. */
  noteEnd(start: i32): void {
    if (this.ends != 0) store<i32>(this.ends + (<usize>start << 2), this.pos);
  }

  fail(message: string): void {
    if (this.error.length == 0) {
      this.error = message;
      this.errorOffset = this.pos;
    }
  }

  peek(): i32 { return this.pos < this.size ? <i32>load<u8>(this.base + <usize>this.pos) : -1; }

  skipSpace(): void {
    const base = this.base;
    const n = this.size;
    let pos = this.pos;
    while (pos < n) {
      const c = load<u8>(base + <usize>pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  /** `into`: the shell to fill (expansion); otherwise a new value is made (unless SKIP). */
  parseValue(depth: i32, mode: i32, into: JsonValue | null): JsonValue | null {
    if (depth > MAX_DEPTH) { this.fail("JSON nested deeper than " + MAX_DEPTH.toString() + " levels"); return null; }
    const c = this.peek();
    if (c == 0x7b) return this.parseContainer(depth, mode, into, JsonKind.Object);
    if (c == 0x5b) return this.parseContainer(depth, mode, into, JsonKind.Array);
    if (c == 0x22) return this.parseString(mode);
    if (c == 0x74) return this.parseWord("true", JsonKind.Bool, true, mode);
    if (c == 0x66) return this.parseWord("false", JsonKind.Bool, false, mode);
    if (c == 0x6e) return this.parseWord("null", JsonKind.Null, false, mode);
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber(mode);
    if (c < 0) this.fail("unexpected end of JSON");
    else this.fail("unexpected character in JSON");
    return null;
  }

  parseWord(word: string, kind: JsonKind, value: bool, mode: i32): JsonValue | null {
    const start = this.pos;
    const n = word.length;
    for (let i = 0; i < n; i++) {
      const pos = this.pos;
      if (pos >= this.size || <i32>load<u8>(this.base + <usize>pos) != <i32>load<u16>(changetype<usize>(word) + (<usize>i << 1))) {
        this.fail("invalid literal");
        return null;
      }
      this.pos = pos + 1;
    }
    if (mode == SKIP) {
      this.noteEnd(start);
      return SKIPPED;
    }
    const v = new JsonValue(kind, start, this.src);
    v.boolValue = value;
    v.end = this.pos;
    return v;
  }

  parseNumber(mode: i32): JsonValue | null {
    const start = this.pos;
    if (this.peek() == 0x2d) this.pos++;
    if (this.peek() == 0x30) {
      this.pos++;
    } else if (!this.digits()) {
      this.fail("invalid number"); return null;
    }
    if (this.peek() == 0x2e) {
      this.pos++;
      if (!this.digits()) { this.fail("invalid number"); return null; }
    }
    const e = this.peek();
    if (e == 0x65 || e == 0x45) {
      this.pos++;
      const s = this.peek();
      if (s == 0x2b || s == 0x2d) this.pos++;
      if (!this.digits()) { this.fail("invalid number"); return null; }
    }
    if (mode == SKIP) {
      this.noteEnd(start);
      return SKIPPED;
    }
    // The value is read from the bytes when asked for (JsonValue.numberValue).
    const v = new JsonValue(JsonKind.Number, start, this.src);
    v.end = this.pos;
    return v;
  }

  digits(): bool {
    const base = this.base;
    const n = this.size;
    const from = this.pos;
    let pos = from;
    while (pos < n) {
      const c = load<u8>(base + <usize>pos);
      if (c < 0x30 || c > 0x39) break;
      pos++;
    }
    this.pos = pos;
    return pos > from;
  }

  /**
   * Scans a string from its opening quote to past its closing quote and checks
   * its escapes; false (after fail) when it is not a valid string. The text
   * is decoded only when read (JsonValue.stringValue).
   */
  scanString(): bool {
    const start = this.pos;
    const base = this.base;
    const n = this.size;
    let pos = start + 1; // past the opening quote
    let escaped = false;
    while (true) {
      // Most of a chat body is string text: skip 8 bytes at a time while none
      // is a quote, a backslash or a control character (exact SWAR tests).
      while (pos + 8 <= n) {
        const x = load<u64>(base + <usize>pos);
        const quote = x ^ 0x2222222222222222;
        const slash = x ^ 0x5c5c5c5c5c5c5c5c;
        const special = ((quote - BYTES_01) & ~quote) | ((slash - BYTES_01) & ~slash) | ((x - BYTES_20) & ~x);
        if ((special & BYTES_80) != 0) break;
        pos += 8;
      }
      if (pos >= n) { this.pos = pos; this.fail("unterminated string"); return false; }
      const c = load<u8>(base + <usize>pos);
      if (c == 0x22) break;
      if (c < 0x20) { this.pos = pos; this.fail("control character in string"); return false; }
      if (c == 0x5c) {
        escaped = true;
        pos += 2;
        continue;
      }
      pos++;
    }
    pos++; // closing quote
    this.pos = pos;
    if (escaped && !validJsonEscapes(this.src, start + 1, pos - 1)) { this.pos = start; this.fail("invalid escape in string"); return false; }
    this.escaped = escaped;
    return true;
  }

  parseString(mode: i32): JsonValue | null {
    const start = this.pos;
    if (!this.scanString()) return null;
    if (mode == SKIP) {
      this.noteEnd(start);
      return SKIPPED;
    }
    const v = new JsonValue(JsonKind.String, start, this.src);
    v.end = this.pos;
    v.escaped = this.escaped;
    return v;
  }

  /**
   * An object or an array. EXPAND builds its members (as shells), SHELL makes
   * a shell and checks the members, SKIP only checks them.
   */
  parseContainer(depth: i32, mode: i32, into: JsonValue | null, kind: JsonKind): JsonValue | null {
    const object = kind == JsonKind.Object;
    const start = this.pos;
    let v = into;
    if (v === null && mode != SKIP) v = new JsonValue(kind, this.pos, this.src);
    let childMode = SKIP;
    const build = mode == EXPAND;
    const base = stack.length;
    if (build) {
      childMode = SHELL;
      if (this.eager) childMode = EXPAND;
    }
    const close = object ? 0x7d : 0x5d;
    this.pos++;
    this.skipSpace();
    if (this.peek() == close) {
      this.pos++;
      return this.finishContainer(v, mode, base, object, start);
    }
    while (true) {
      this.skipSpace();
      let nameFrom = 0;
      let nameTo = 0;
      if (object) {
        if (this.peek() != 0x22) { this.fail("expected a member name"); return null; }
        nameFrom = this.pos + 1;
        if (!this.scanString()) return null;
        this.noteEnd(nameFrom - 1);
        nameTo = this.pos - 1;
        if (this.escaped) nameTo = ~nameTo;
        this.skipSpace();
        if (this.peek() != 0x3a) { this.fail("expected ':' after member name"); return null; }
        this.pos++;
        this.skipSpace();
      }
      const item = this.parseValue(depth + 1, childMode, null);
      if (item === null) return null;
      if (build) {
        pushMember(item);
        if (object) {
          nameStack.push(nameFrom);
          nameStack.push(nameTo);
        }
      }
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      // Return from inside the loop: AssemblyScript 0.17 leaks references on
      // a `break` out of while(true) (measured: every parse leaked its tree).
      if (c == close) return this.finishContainer(v, mode, base, object, start);
      this.pos--;
      if (object) this.fail("expected ',' or '}' in object");
      else this.fail("expected ',' or ']' in array");
      return null;
    }
  }

  /** Ends a container: EXPAND moves its members (from `base` up the stacks) into arrays of their own size. */
  private finishContainer(v: JsonValue | null, mode: i32, base: i32, object: bool, start: i32): JsonValue | null {
    if (mode == SKIP) {
      this.noteEnd(start);
      return SKIPPED;
    }
    const value = v!;
    value.end = this.pos;
    if (mode != EXPAND) {
      value.lazy = true;
      return value;
    }
    const count = stack.length - base;
    const items = new StaticArray<JsonValue>(count);
    // Each member's reference moves from the stack to the array (no retain, no release).
    const to = changetype<usize>(items);
    for (let i = 0; i < count; i++) store<usize>(to + (<usize>i << alignof<usize>()), unchecked(stack[base + i]));
    stack.length = base;
    if (object) {
      // Its names are the top 2 × count entries: inner containers took theirs off already.
      const names = new StaticArray<i32>(count * 2);
      const nameBase = nameStack.length - count * 2;
      for (let i = 0; i < count * 2; i++) unchecked(names[i] = unchecked(nameStack[nameBase + i]));
      nameStack.length = nameBase;
      value.setMembers(items, names);
    } else {
      value.setMembers(items, null);
    }
    return value;
  }
}
