// Small readers for untyped manifest fields. Each reports through `report`
// with the field's path and returns undefined when the value is unusable, so
// a validator keeps going and finds every error in one pass.
//
// Reasons describe the problem, never the value: a field may hold a key.

export type Report = (field: string, reason: string) => void;

export function child(parent: string, key: string | number): string {
  return typeof key === "number" ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

/**
 * The one shape of every reader here: absent (undefined or null) is undefined,
 * reported when `required`; a value `accept` refuses is reported with `reason`.
 */
function readValue<T>(value: unknown, field: string, report: Report, required: boolean, accept: (value: unknown) => value is T, reason: string): T | undefined {
  if (value === undefined || value === null) {
    if (required) report(field, "is required");
    return undefined;
  }
  if (!accept(value)) {
    report(field, reason);
    return undefined;
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isIntegerIn = (min: number, max: number) => (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
const isPort = isIntegerIn(1, 65535);

export function readRecord(value: unknown, field: string, report: Report, required: boolean): Record<string, unknown> | undefined {
  return readValue(value, field, report, required, isRecord, "must be a mapping");
}

export function readString(value: unknown, field: string, report: Report, required: boolean): string | undefined {
  const text = readValue(value, field, report, required, isString, "must be a string");
  if (text === "") {
    report(field, "must not be empty");
    return undefined;
  }
  return text;
}

/** Like readString, but an empty string is a legitimate value (e.g. an empty header prefix). */
export function readOptionalText(value: unknown, field: string, report: Report): string | undefined {
  return readValue(value, field, report, false, isString, "must be a string");
}

export function readPort(value: unknown, field: string, report: Report, required: boolean): number | undefined {
  return readValue(value, field, report, required, isPort, "must be an integer port between 1 and 65535");
}

/** A missing list is an empty one, as in the Kubernetes API. */
export function readList(value: unknown, field: string, report: Report): unknown[] {
  return readValue(value, field, report, false, Array.isArray, "must be a list") ?? [];
}

/** Reports fields Weir does not understand, rather than silently ignoring what they ask for. */
export function rejectUnknownFields(
  object: Record<string, unknown>,
  known: readonly string[],
  field: string,
  report: Report,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      report(child(field, key), `is not supported (supported here: ${known.join(", ")})`);
    }
  }
}

/** A required mapping that may hold only the `known` fields: the others are reported, as rejectUnknownFields does. */
export function readMapping(
  value: unknown,
  known: readonly string[],
  field: string,
  report: Report,
): Record<string, unknown> | undefined {
  const mapping = readRecord(value, field, report, true);
  if (mapping) rejectUnknownFields(mapping, known, field, report);
  return mapping;
}

/** Wraps a reporter to tell whether anything was reported through it. */
export function tracked(report: Report): { report: Report; failed: () => boolean } {
  let count = 0;
  return {
    report: (field, reason) => {
      count++;
      report(field, reason);
    },
    failed: () => count > 0,
  };
}

/** One of a fixed set of strings; required unless a `fallback` is given for when it is absent. */
export function readEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  report: Report,
  fallback?: T,
): T | undefined {
  if (fallback === undefined && (value === undefined || value === null)) {
    report(field, "is required");
    return undefined;
  }
  return readOptionalEnum(value, allowed, field, report) ?? fallback;
}

/** One of a fixed set of strings, or undefined when absent. */
export function readOptionalEnum<T extends string>(value: unknown, allowed: readonly T[], field: string, report: Report): T | undefined {
  const text = readString(value, field, report, false);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    report(field, `must be one of ${allowed.join(", ")}`);
    return undefined;
  }
  return text as T;
}

export function readBoolean(value: unknown, field: string, report: Report): boolean | undefined {
  return readValue(value, field, report, false, isBoolean, "must be true or false");
}

export function readInteger(value: unknown, field: string, report: Report, min: number, max: number): number | undefined {
  return readValue(value, field, report, false, isIntegerIn(min, max), `must be an integer between ${min} and ${max}`);
}

/** Reports a list outside [min, max] items; returns it either way so its items are still checked. */
export function readBoundedList(value: unknown, field: string, report: Report, min: number, max: number): unknown[] {
  const list = readList(value, field, report);
  if (list.length < min || list.length > max) {
    report(field, min === max ? `must hold ${min} item${min === 1 ? "" : "s"}` : `must hold between ${min} and ${max} items`);
  }
  return list;
}

/** Exactly one of `keys` set in `object`; returns it, or reports and returns undefined. */
export function readOneOf(object: Record<string, unknown>, keys: readonly string[], field: string, report: Report): string | undefined {
  const set = keys.filter((k) => object[k] !== undefined && object[k] !== null);
  if (set.length === 1) return set[0];
  report(field, set.length === 0 ? `must set one of ${keys.join(", ")}` : `must set only one of ${keys.join(", ")}, found ${set.join(", ")}`);
  return undefined;
}
