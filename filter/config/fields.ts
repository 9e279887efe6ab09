// Typed reads of plugin-config JSON members. Each failure is recorded as
// "<field path>: <reason>" so the operator's log line names the field.

import { JsonKind, JsonValue } from "../json/value";

/** A string member; "" when absent and optional. */
export function stringField(obj: JsonValue, key: string, where: string, required: bool, errors: Array<string>): string {
  const v = obj.get(key);
  if (v === null) {
    if (required) errors.push(where + "." + key + ": required");
    return "";
  }
  if (v.kind != JsonKind.String) {
    errors.push(where + "." + key + ": expected a string");
    return "";
  }
  return v.stringValue;
}

/** A whole-number member within [min, max]; `fallback` when absent. */
export function intField(obj: JsonValue, key: string, where: string, min: i32, max: i32, fallback: i32, errors: Array<string>): i32 {
  const v = obj.get(key);
  if (v === null) return fallback;
  const n = v.numberValue;
  if (v.kind != JsonKind.Number || n != Math.floor(n) || n < <f64>min || n > <f64>max) {
    errors.push(where + "." + key + ": expected a whole number from " + min.toString() + " to " + max.toString());
    return fallback;
  }
  return <i32>n;
}

/** An object member, or null (recording an error when present but not an object). */
export function objectField(obj: JsonValue, key: string, where: string, errors: Array<string>): JsonValue | null {
  const v = obj.get(key);
  if (v === null) return null;
  if (!v.isObject()) {
    errors.push(where + "." + key + ": expected an object");
    return null;
  }
  return v;
}

/** An array member, or null (recording an error when present but not an array). */
export function arrayField(obj: JsonValue, key: string, where: string, errors: Array<string>): JsonValue | null {
  const v = obj.get(key);
  if (v === null) return null;
  if (!v.isArray()) {
    errors.push(where + "." + key + ": expected an array");
    return null;
  }
  return v;
}

/**
 * Refuses members the filter does not know. A controller newer than the
 * filter must not have a policy silently half-applied.
 */
export function onlyKnownFields(obj: JsonValue, known: Array<string>, where: string, errors: Array<string>): void {
  for (let i = 0; i < obj.memberCount(); i++) {
    const name = obj.key(i);
    if (!known.includes(name)) {
      errors.push(where + "." + name + ": unknown field (this filter knows: " + known.join(", ") + ")");
      return;
    }
  }
}

