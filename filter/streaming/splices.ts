// The rewrites of one stream event's payload: byte ranges replaced by bytes
// written into one reused buffer, collected while the event is read and
// applied once, straight into the output. A stream rewrites most of its
// events (masked text moves, `"usage":null` goes), so this path allocates
// nothing per event: no Edit objects, no quoted copies, no rebuilt payload.

import { ByteSink } from "../json/string";
import { isSpace, valueEnd } from "../json/scan";

export class Splices {
  /** Replacement bytes, one after another. */
  readonly bytes: ByteSink = new ByteSink(256);
  /** Four entries a splice: payload range [start, end), replacement range [from, to) in `bytes`. */
  private spans: Array<i32> = new Array<i32>(0);

  get count(): i32 { return this.spans.length >> 2; }

  reset(): void {
    this.spans.length = 0;
    this.bytes.reset();
  }

  /** Replaces payload bytes [start, end) with `bytes` from offset `from` to its end (written just before). */
  add(start: i32, end: i32, from: i32): void {
    const spans = this.spans;
    spans.push(start);
    spans.push(end);
    spans.push(from);
    spans.push(this.bytes.length);
  }

  /** `payload` with every splice applied (they never overlap; any order), appended to `out`. */
  write(payload: Uint8Array, out: ByteSink): void {
    this.sort();
    const spans = this.spans;
    const replacement = this.bytes.buf;
    let at = 0;
    for (let i = 0; i < spans.length; i += 4) {
      out.pushBytes(payload, at, unchecked(spans[i]));
      out.pushBytes(replacement, unchecked(spans[i + 2]), unchecked(spans[i + 3]));
      at = unchecked(spans[i + 1]);
    }
    out.pushBytes(payload, at, payload.length);
  }

  /** By payload start; an insertion (empty range) before a replacement starting at the same byte. Few splices: insertion sort. */
  private sort(): void {
    const s = this.spans;
    for (let i = 4; i < s.length; i += 4) {
      let j = i;
      while (j > 0 && sortsAfter(s, j - 4, j)) {
        for (let k = 0; k < 4; k++) {
          const t = unchecked(s[j + k]);
          unchecked(s[j + k] = unchecked(s[j - 4 + k]));
          unchecked(s[j - 4 + k] = t);
        }
        j -= 4;
      }
    }
  }
}

function sortsAfter(s: Array<i32>, a: i32, b: i32): bool {
  const sa = unchecked(s[a]);
  const sb = unchecked(s[b]);
  if (sa != sb) return sa > sb;
  return unchecked(s[a + 1]) > unchecked(s[b + 1]);
}

/**
 * Adds the splice removing member `key` (whose value starts at `value`) from
 * its object, comma included. False (nothing added) when its bytes are unusual.
 */
export function removeMember(src: Uint8Array, value: i32, key: string, splices: Splices): bool {
  const end = valueEnd(src, value);
  let i = skipSpaceBack(src, value - 1);
  if (i < 0 || src[i] != 0x3a) return false;
  i = skipSpaceBack(src, i - 1);
  if (i < 0 || src[i] != 0x22) return false;
  const keyEnd = i + 1;
  const keyStart = keyEnd - key.length - 2;
  if (keyStart < 0 || src[keyStart] != 0x22) return false;
  for (let k = 0; k < key.length; k++) if (<i32>src[keyStart + 1 + k] != key.charCodeAt(k)) return false;
  const before = skipSpaceBack(src, keyStart - 1);
  if (before < 0) return false;
  const from = splices.bytes.length;
  if (src[before] == 0x2c) {
    splices.add(before, end, from);
    return true;
  }
  if (src[before] != 0x7b) return false;
  let after = end;
  while (after < src.length && isSpace(src[after])) after++;
  if (after < src.length && src[after] == 0x2c) splices.add(keyStart, after + 1, from);
  else splices.add(keyStart, end, from);
  return true;
}

function skipSpaceBack(src: Uint8Array, i: i32): i32 {
  while (i >= 0 && isSpace(src[i])) i--;
  return i;
}
