// Deterministic YAML: the same bootstrap always gives the same bytes.
//
// The bytes are exactly js-yaml's `dump(document, { sortKeys, lineWidth: -1,
// noRefs: true })` (yaml.test.ts holds the two side by side), written by a
// writer of its own because js-yaml looks at every string character by
// character in JavaScript, and the bootstrap carries the filter's plugin
// config as one string of hundreds of KiB. Here each string is classified by
// a few regular expressions, and the big JSON string is single-quoted in one
// native replace.
import yaml from "js-yaml";
import { compareStrings } from "../diagnostics.ts";

// Mapping keys are sorted (their order means nothing to Envoy), except that
// "@type" and "name" lead so that each block says what it is first. Lists keep
// their order: filter chains and routes are evaluated in it.
const LEADING_KEYS = ["@type", "name"];

function rank(key: string): number {
  const leading = LEADING_KEYS.indexOf(key);
  return leading < 0 ? LEADING_KEYS.length : leading;
}

export function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || compareStrings(a, b);
}

export function toYaml(document: object): string {
  return `${node(document, 0, true, false)}\n`;
}

const INDENT = 2;
const newlines: string[] = [];
/** A line break and the indentation of `level`. */
const newline = (level: number) => (newlines[level] ??= `\n${" ".repeat(INDENT * level)}`);

// As js-yaml's writeNode: `level` is the nesting depth, `compact` means the
// block starts on the current line (after "- " or at the top).
function node(value: unknown, level: number, compact: boolean, isKey: boolean): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return scalar(value, level, isKey);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return number(value);
    case "object":
      if (Array.isArray(value)) return value.length > 0 ? sequence(value, level, compact) : "[]";
      if (Object.prototype.toString.call(value) === "[object Object]") {
        return Object.keys(value).length > 0 ? mapping(value as Record<string, unknown>, level, compact) : "{}";
      }
  }
  throw new TypeError(`cannot write ${Object.prototype.toString.call(value)} as YAML`);
}

function mapping(object: Record<string, unknown>, level: number, compact: boolean): string {
  let out = "";
  for (const key of sortedKeys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    let pair = !compact || out !== "" ? newline(level) : "";
    const written = scalar(key, level + 1, true);
    const explicit = written.length > 1024;
    if (explicit) pair += "? ";
    pair += written;
    if (explicit) pair += newline(level);
    const dumped = node(value, level + 1, explicit, false);
    pair += dumped.charCodeAt(0) === 10 ? ":" : ": ";
    out += pair + dumped;
  }
  return out || "{}";
}

/** The keys in compareKeys order: sorted natively (as compareStrings does), then the leading keys moved up. */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object).sort();
  for (let i = LEADING_KEYS.length - 1; i >= 0; i--) {
    const at = keys.indexOf(LEADING_KEYS[i]);
    if (at > 0) keys.unshift(...keys.splice(at, 1));
  }
  return keys;
}

function sequence(items: unknown[], level: number, compact: boolean): string {
  let out = "";
  for (const item of items) {
    const dumped = node(item === undefined ? null : item, level + 1, true, false);
    if (!compact || out !== "") out += newline(level);
    out += (dumped.charCodeAt(0) === 10 ? "-" : "- ") + dumped;
  }
  return out;
}

function number(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) return n.toString(10);
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Object.is(n, -0)) return "-0.0";
  const text = n.toString(10);
  return /^[-+]?[0-9]+e/.test(text) ? text.replace("e", ".e") : text;
}

// YAML 1.1 words js-yaml quotes so that older parsers do not read them as booleans or sexagesimals.
const COMPAT_QUOTED = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
// Code points YAML does not print as they are (every one but a line feed), lone surrogates included.
const UNPRINTABLE = /[\x00-\x09\x0B-\x1F\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/u;
// Plain style: not starting with an indicator or a blank, not ending with a blank or ":",
// no ": " and no " #" inside.
const PLAIN_FIRST = /^[^-?:,[\]{}#&*!|=>'"%@` \t]/;
const PLAIN_UNSAFE = /: | #|[ \t:]$/;
// Strings a YAML reader would take for another type (null, bool, int, float, timestamp, merge key);
// each of those starts with one of MAY_BE_IMPLICIT.
const MAY_BE_IMPLICIT = /^[-+.~0-9nNtTfF<]/;
// (js-yaml exports its types; @types/js-yaml does not declare them.)
const { types } = yaml as unknown as { types: Record<"null" | "bool" | "int" | "float" | "timestamp" | "merge", yaml.Type> };
const IMPLICIT_TYPES = [types.null, types.bool, types.int, types.float, types.timestamp, types.merge];

function scalar(text: string, level: number, isKey: boolean): string {
  if (text === "") return "''";
  if (COMPAT_QUOTED.has(text) || BASE60.test(text)) return `'${text}'`;
  if (UNPRINTABLE.test(text)) return `"${escaped(text)}"`;
  if (text.includes("\n")) return isKey ? `"${escaped(text)}"` : literal(text, level);
  if (PLAIN_FIRST.test(text) && !PLAIN_UNSAFE.test(text) && !(MAY_BE_IMPLICIT.test(text) && IMPLICIT_TYPES.some((type) => type.resolve(text)))) {
    return text;
  }
  return `'${text.replace(/'/g, "''")}'`;
}

/** Block literal (`|`), indented one level below its key. */
function literal(text: string, level: number): string {
  const indicator = /^\n* /.test(text) ? String(INDENT) : "";
  const clip = text.endsWith("\n");
  const keep = clip && (text[text.length - 2] === "\n" || text === "\n");
  const chomp = keep ? "+" : clip ? "" : "-";
  const body = text.replace(/^(?=[^\n])/gm, " ".repeat(INDENT * Math.max(1, level)));
  return `|${indicator}${chomp}\n${clip ? body.slice(0, -1) : body}`;
}

const ESCAPES: Record<number, string> = {
  0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0b: "\\v", 0x0c: "\\f", 0x0d: "\\r", 0x1b: "\\e",
  0x22: '\\"', 0x5c: "\\\\", 0x85: "\\N", 0xa0: "\\_", 0x2028: "\\L", 0x2029: "\\P",
};
const TO_ESCAPE = /[\x00-\x1F"\\\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/** The inside of a double-quoted scalar. */
function escaped(text: string): string {
  return text.replace(TO_ESCAPE, (char) => {
    const code = char.codePointAt(0)!;
    if (ESCAPES[code]) return ESCAPES[code];
    const hex = code.toString(16).toUpperCase();
    return code <= 0xff ? `\\x${hex.padStart(2, "0")}` : `\\u${hex.padStart(4, "0")}`;
  });
}
