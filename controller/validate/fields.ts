// Small readers for untyped manifest fields. Each reports through `report`
// with the field's path and returns undefined when the value is unusable, so
// a validator keeps going and finds every error in one pass.
//
// Reasons describe the problem, never the value: a field may hold a key.

export type Report = (field: string, reason: string) => void;

export function child(parent: string, key: string | number): string {
  return typeof key === "number" ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readRecord(
  value: unknown,
  field: string,
  report: Report,
  required: boolean,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    if (required) report(field, "is required");
    return undefined;
  }
  if (!isRecord(value)) {
    report(field, "must be a mapping");
    return undefined;
  }
  return value;
}

export function readString(value: unknown, field: string, report: Report, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) report(field, "is required");
    return undefined;
  }
  if (typeof value !== "string") {
    report(field, "must be a string");
    return undefined;
  }
  if (value === "") {
    report(field, "must not be empty");
    return undefined;
  }
  return value;
}

/** Like readString, but an empty string is a legitimate value (e.g. an empty header prefix). */
export function readOptionalText(value: unknown, field: string, report: Report): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    report(field, "must be a string");
    return undefined;
  }
  return value;
}

export function readPort(value: unknown, field: string, report: Report, required: boolean): number | undefined {
  if (value === undefined || value === null) {
    if (required) report(field, "is required");
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    report(field, "must be an integer port between 1 and 65535");
    return undefined;
  }
  return value;
}

/** A missing list is an empty one, as in the Kubernetes API. */
export function readList(value: unknown, field: string, report: Report): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(field, "must be a list");
    return [];
  }
  return value;
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
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    report(field, "must be true or false");
    return undefined;
  }
  return value;
}

export function readInteger(value: unknown, field: string, report: Report, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    report(field, `must be an integer between ${min} and ${max}`);
    return undefined;
  }
  return value;
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
