// A strict JSON parser (RFC 8259) over UTF-8 bytes. It never aborts the VM on
// bad input: errors come back as a message and a byte offset. Nesting depth is
// bounded so a hostile body cannot exhaust the wasm stack.

import { JsonKind, JsonValue } from "./value";
import { decodeJsonString } from "./string";
import { utf8 } from "./bytes";

export const MAX_DEPTH: i32 = 128;

export class JsonParseResult {
  value: JsonValue | null = null;
  error: string = "";
  errorOffset: i32 = -1;
  ok(): bool { return this.value !== null; }
}

export function parseJson(src: Uint8Array): JsonParseResult {
  const p = new Parser(src);
  const result = new JsonParseResult();
  p.skipSpace();
  const v = p.parseValue(0);
  if (v !== null) {
    p.skipSpace();
    if (p.pos != src.length) p.fail("unexpected data after the JSON value");
  }
  if (p.error.length > 0) {
    result.error = p.error;
    result.errorOffset = p.errorOffset;
  } else {
    result.value = v;
  }
  return result;
}

export function parseJsonString(text: string): JsonParseResult {
  return parseJson(utf8(text));
}

class Parser {
  src: Uint8Array;
  pos: i32 = 0;
  error: string = "";
  errorOffset: i32 = -1;

  constructor(src: Uint8Array) { this.src = src; }

  fail(message: string): void {
    if (this.error.length == 0) {
      this.error = message;
      this.errorOffset = this.pos;
    }
  }

  peek(): i32 { return this.pos < this.src.length ? <i32>unchecked(this.src[this.pos]) : -1; }

  skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = unchecked(src[this.pos]);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.pos++;
    }
  }

  parseValue(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) { this.fail("JSON nested deeper than " + MAX_DEPTH.toString() + " levels"); return null; }
    const c = this.peek();
    if (c == 0x7b) return this.parseObject(depth);
    if (c == 0x5b) return this.parseArray(depth);
    if (c == 0x22) return this.parseString();
    if (c == 0x74) return this.parseWord("true", JsonKind.Bool, true);
    if (c == 0x66) return this.parseWord("false", JsonKind.Bool, false);
    if (c == 0x6e) return this.parseWord("null", JsonKind.Null, false);
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (c < 0) this.fail("unexpected end of JSON");
    else this.fail("unexpected character in JSON");
    return null;
  }

  parseWord(word: string, kind: JsonKind, value: bool): JsonValue | null {
    const start = this.pos;
    for (let i = 0; i < word.length; i++) {
      if (this.peek() != word.charCodeAt(i)) { this.fail("invalid literal"); return null; }
      this.pos++;
    }
    const v = new JsonValue(kind, start);
    v.boolValue = value;
    v.end = this.pos;
    return v;
  }

  parseNumber(): JsonValue | null {
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
    const v = new JsonValue(JsonKind.Number, start);
    v.end = this.pos;
    v.numberValue = parseFloat(String.UTF8.decodeUnsafe(this.src.dataStart + start, this.pos - start));
    return v;
  }

  digits(): bool {
    const from = this.pos;
    while (true) {
      const c = this.peek();
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos > from;
  }

  parseString(): JsonValue | null {
    const start = this.pos;
    this.pos++; // opening quote
    const src = this.src;
    let escaped = false;
    while (true) {
      if (this.pos >= src.length) { this.fail("unterminated string"); return null; }
      const c = unchecked(src[this.pos]);
      if (c == 0x22) break;
      if (c < 0x20) { this.fail("control character in string"); return null; }
      if (c == 0x5c) {
        escaped = true;
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos++; // closing quote
    const v = new JsonValue(JsonKind.String, start);
    v.end = this.pos;
    if (escaped) {
      const decoded = decodeJsonString(src, start + 1, this.pos - 1);
      if (decoded === null) { this.pos = start; this.fail("invalid escape in string"); return null; }
      v.stringValue = String.UTF8.decode(decoded.buffer);
    } else {
      v.stringValue = String.UTF8.decodeUnsafe(src.dataStart + start + 1, this.pos - start - 2);
    }
    return v;
  }

  parseArray(depth: i32): JsonValue | null {
    const v = new JsonValue(JsonKind.Array, this.pos);
    v.items = new Array<JsonValue>(0);
    this.pos++;
    this.skipSpace();
    if (this.peek() == 0x5d) { this.pos++; v.end = this.pos; return v; }
    while (true) {
      this.skipSpace();
      const item = this.parseValue(depth + 1);
      if (item === null) return null;
      v.items.push(item);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      // Return from inside the loop: AssemblyScript 0.17 leaks references on
      // this `break` out of while(true) (measured: every parse leaked its tree).
      if (c == 0x5d) { v.end = this.pos; return v; }
      this.pos--;
      this.fail("expected ',' or ']' in array");
      return null;
    }
  }

  parseObject(depth: i32): JsonValue | null {
    const v = new JsonValue(JsonKind.Object, this.pos);
    v.items = new Array<JsonValue>(0);
    v.keys = new Array<string>(0);
    this.pos++;
    this.skipSpace();
    if (this.peek() == 0x7d) { this.pos++; v.end = this.pos; return v; }
    while (true) {
      this.skipSpace();
      if (this.peek() != 0x22) { this.fail("expected a member name"); return null; }
      const key = this.parseString();
      if (key === null) return null;
      this.skipSpace();
      if (this.peek() != 0x3a) { this.fail("expected ':' after member name"); return null; }
      this.pos++;
      this.skipSpace();
      const item = this.parseValue(depth + 1);
      if (item === null) return null;
      v.keys.push(key.stringValue);
      v.items.push(item);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 0x2c) continue;
      if (c == 0x7d) { v.end = this.pos; return v; } // see parseArray
      this.pos--;
      this.fail("expected ',' or '}' in object");
      return null;
    }
  }
}
