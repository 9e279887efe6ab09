// promptEnrichment and defaults (kgateway's shapes) → typed policy parts.

import { JsonKind, JsonValue } from "../json/value";
import { jsonQuote } from "../json/string";
import { arrayField, onlyKnownFields, stringField } from "./fields";
import { DefaultField, EnrichmentMessage, RoutePolicy } from "./policy";

const ROLES = ["system", "user", "assistant"];

export function parseEnrichment(v: JsonValue, where: string, policy: RoutePolicy, errors: Array<string>): void {
  onlyKnownFields(v, ["prepend", "append"], where, errors);
  policy.prepend = messages(v, "prepend", where, errors);
  policy.append = messages(v, "append", where, errors);
}

function messages(v: JsonValue, key: string, where: string, errors: Array<string>): Array<EnrichmentMessage> {
  const out = new Array<EnrichmentMessage>(0);
  const list = arrayField(v, key, where, errors);
  if (list === null) return out;
  for (let i = 0; i < list.items.length; i++) {
    const m = list.items[i];
    const at = where + "." + key + "[" + i.toString() + "]";
    if (!m.isObject()) { errors.push(at + ": expected an object"); continue; }
    onlyKnownFields(m, ["role", "content"], at, errors);
    // kgateway manifests spell roles in capitals ("SYSTEM").
    const role = stringField(m, "role", at, true, errors).toLowerCase();
    const content = stringField(m, "content", at, true, errors);
    if (errors.length > 0) return out;
    if (!ROLES.includes(role)) {
      errors.push(at + ".role: expected one of system, user, assistant (any case), got " + jsonQuote(role));
      return out;
    }
    out.push(new EnrichmentMessage(role, content));
  }
  return out;
}

/** `src` is the configuration's bytes: a default's value is kept as the JSON text it was written as. */
export function parseDefaults(list: JsonValue, where: string, src: Uint8Array, errors: Array<string>): Array<DefaultField> {
  const out = new Array<DefaultField>(0);
  for (let i = 0; i < list.items.length; i++) {
    const d = list.items[i];
    const at = where + "[" + i.toString() + "]";
    if (!d.isObject()) { errors.push(at + ": expected an object"); continue; }
    onlyKnownFields(d, ["field", "value", "override"], at, errors);
    const field = stringField(d, "field", at, true, errors);
    const value = d.get("value");
    if (value === null) errors.push(at + ".value: required");
    const override = d.get("override");
    if (override !== null && override.kind != JsonKind.Bool) errors.push(at + ".override: expected true or false");
    if (errors.length > 0) return out;
    const path = field.split(".");
    for (let k = 0; k < path.length; k++) {
      if (path[k].length == 0) {
        errors.push(at + ".field: " + jsonQuote(field) + " is not a dotted path of member names");
        return out;
      }
    }
    const raw = String.UTF8.decodeUnsafe(src.dataStart + value!.start, value!.end - value!.start);
    let overrides = false;
    if (override !== null) overrides = override.boolValue;
    out.push(new DefaultField(path, raw, overrides));
  }
  return out;
}
