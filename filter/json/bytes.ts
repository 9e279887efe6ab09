// UTF-8 byte arrays that own their memory: a copy, not a view over a
// temporary ArrayBuffer, so no reference-counting subtlety of AssemblyScript
// 0.17 can free the bytes under the array.

export function utf8(s: string): Uint8Array {
  const buffer = String.UTF8.encode(s);
  return copyOf(buffer);
}

export function copyOf(buffer: ArrayBuffer): Uint8Array {
  const out = new Uint8Array(buffer.byteLength);
  memory.copy(out.dataStart, changetype<usize>(buffer), buffer.byteLength);
  return out;
}

/** Whether b[from, to) is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
export function validUtf8(b: Uint8Array, from: i32, to: i32): bool {
  const n = to;
  let i = from;
  while (i < n) {
    const c = <u32>unchecked(b[i]);
    if (c < 0x80) { i++; continue; }
    let need = 0;
    let min: u32 = 0;
    let cp: u32 = 0;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const d = <u32>unchecked(b[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}
