// Collects the changes several policy features make to one JSON body and
// turns them into non-overlapping byte edits. Insertions into the same object
// or array are merged into one edit, in the order they were asked for, so
// features need not know about each other.

import { JsonValue } from "./value";
import { Edit, applyEdits } from "./edit";
import { jsonQuote } from "./string";
import { utf8 } from "./bytes";

class Insertion {
  at: i32;
  /** Whether the container already has members after the insertion point. */
  beforeExisting: bool;
  /** Whether the container already has members before the insertion point. */
  afterExisting: bool;
  items: Array<string> = new Array<string>(0);

  constructor(at: i32, beforeExisting: bool, afterExisting: bool) {
    this.at = at;
    this.beforeExisting = beforeExisting;
    this.afterExisting = afterExisting;
  }

  text(): string {
    let s = this.items.join(",");
    if (this.afterExisting) s = "," + s;
    if (this.beforeExisting) s += ",";
    return s;
  }
}

// Shared empties until the first change: most bodies get one edit or none.
// Never pushed to (replace() and insertion() swap in an array of their own).
const NO_EDITS = new Array<Edit>(0);
const NO_INSERTIONS = new Array<Insertion>(0);

export class BodyEditor {
  private replacements: Array<Edit> = NO_EDITS;
  private insertions: Array<Insertion> = NO_INSERTIONS;

  get changed(): bool {
    return this.replacements.length > 0 || this.insertions.length > 0;
  }

  /** Replaces a whole value with raw JSON bytes. */
  replace(node: JsonValue, replacement: Uint8Array): void {
    if (this.replacements === NO_EDITS) this.replacements = new Array<Edit>(0);
    this.replacements.push(new Edit(node.start, node.end, replacement));
  }

  /** Adds `"name": <raw JSON>` as the first member of an object. */
  addMember(obj: JsonValue, name: string, rawJson: string): void {
    this.insertion(obj.start + 1, obj.memberCount() > 0, false).items.push(jsonQuote(name) + ":" + rawJson);
  }

  /** Inserts raw JSON items at the front of an array. */
  prependItem(arr: JsonValue, rawJson: string): void {
    this.insertion(arr.start + 1, arr.items.length > 0, false).items.push(rawJson);
  }

  /** Inserts raw JSON items at the end of an array. */
  appendItem(arr: JsonValue, rawJson: string): void {
    this.insertion(arr.end - 1, false, arr.items.length > 0).items.push(rawJson);
  }

  apply(src: Uint8Array): Uint8Array {
    if (this.insertions.length == 0) return applyEdits(src, this.replacements);
    const edits = this.replacements.slice(0);
    for (let i = 0; i < this.insertions.length; i++) {
      const ins = this.insertions[i];
      edits.push(new Edit(ins.at, ins.at, utf8(ins.text())));
    }
    return applyEdits(src, edits);
  }

  private insertion(at: i32, beforeExisting: bool, afterExisting: bool): Insertion {
    for (let i = 0; i < this.insertions.length; i++) {
      if (this.insertions[i].at == at) return this.insertions[i];
    }
    const ins = new Insertion(at, beforeExisting, afterExisting);
    if (this.insertions === NO_INSERTIONS) this.insertions = new Array<Insertion>(0);
    this.insertions.push(ins);
    return ins;
  }
}
