// A parsed JSON document that remembers where every value sits in the source
// bytes. Guards rewrite string values in place and must leave every other byte
// of a body exactly as the client sent it, so spans matter more than a DOM.

export enum JsonKind { Null, Bool, Number, String, Array, Object }

// Scalars (most values of a chat body) share these instead of allocating two
// empty arrays each; only the parser fills the arrays of the containers it makes.
const NO_ITEMS = new Array<JsonValue>(0);
const NO_KEYS = new Array<string>(0);

export class JsonValue {
  kind: JsonKind;
  /** Byte offset of the first byte of the value (the opening quote for strings). */
  start: i32;
  /** Byte offset one past the last byte of the value. */
  end: i32;
  boolValue: bool = false;
  numberValue: f64 = 0;
  /** Decoded text, for strings. */
  stringValue: string = "";
  /** Array items, or object member values (parallel to `keys`). Shared and empty for scalars: never push to it. */
  items: Array<JsonValue> = NO_ITEMS;
  /** Object member names, in source order. */
  keys: Array<string> = NO_KEYS;

  constructor(kind: JsonKind, start: i32) {
    this.kind = kind;
    this.start = start;
    this.end = start;
  }

  isString(): bool { return this.kind == JsonKind.String; }
  isObject(): bool { return this.kind == JsonKind.Object; }
  isArray(): bool { return this.kind == JsonKind.Array; }

  /** Member `key` of an object (the last one when repeated, as most parsers do), or null. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** Member `key` when it is a string, else `fallback`. */
  getString(key: string, fallback: string): string {
    const v = this.get(key);
    if (v === null || v.kind != JsonKind.String) return fallback;
    return v.stringValue;
  }
}
