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
