// kgateway's `defaults`: set a body field (dotted path) to a value unless the
// client set it, or always with `override`. Each default is applied to the
// body as it stands after the previous one, so two defaults under the same
// missing parent ("a.b", "a.c") build one object instead of two "a" members.

import { DefaultField } from "../config/policy";
import { parseJson } from "../json/parse";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { jsonQuote } from "../json/string";
import { utf8 } from "../json/bytes";

export class DefaultsResult {
  body: Uint8Array;
  /** Defaults skipped because the body holds a non-object where the path needs one. */
  skipped: i32 = 0;

  constructor(body: Uint8Array) { this.body = body; }
}

export function applyDefaults(defaults: Array<DefaultField>, body: Uint8Array): DefaultsResult {
  const result = new DefaultsResult(body);
  for (let i = 0; i < defaults.length; i++) {
    const parsed = parseJson(result.body);
    if (!parsed.ok()) break;
    const editor = new BodyEditor();
    if (!applyOne(defaults[i], parsed.value!, editor)) result.skipped++;
    if (editor.changed) result.body = editor.apply(result.body);
  }
  return result;
}

/** False when the path runs into a value that is not an object. */
function applyOne(d: DefaultField, root: JsonValue, editor: BodyEditor): bool {
  let obj = root;
  const path = d.path;
  for (let i = 0; i < path.length - 1; i++) {
    const child = obj.get(path[i]);
    if (child === null) {
      editor.addMember(obj, path[i], nested(path, i + 1, d.rawValue));
      return true;
    }
    if (!child.isObject()) return false;
    obj = child;
  }
  const last = path[path.length - 1];
  const existing = obj.get(last);
  if (existing === null) editor.addMember(obj, last, d.rawValue);
  else if (d.override) editor.replace(existing, utf8(d.rawValue));
  return true;
}

/** `{"path[from]": {… "last": raw}}` for the missing part of a path. */
function nested(path: Array<string>, from: i32, raw: string): string {
  let value = raw;
  for (let i = path.length - 1; i >= from; i--) value = "{" + jsonQuote(path[i]) + ":" + value + "}";
  return value;
}
