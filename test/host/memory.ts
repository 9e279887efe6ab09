// Guest memory access: reads and writes at module pointers, and the proxy-wasm protocol for
// returning data (the host calls the module's malloc, copies the bytes in, then writes the
// pointer and the length as u32 little-endian at the two addresses the module passed).

import { MemoryFault } from "./errors.ts";

const utf8 = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? utf8Encoder.encode(data) : data;
}

export function bytesToText(data: Uint8Array): string {
  return utf8.decode(data);
}

export class GuestMemory {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly malloc: (size: number) => number,
  ) {}

  /** A fresh view: memory.buffer is replaced whenever the module grows its memory. */
  private get u8(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  private check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.memory.buffer.byteLength) {
      throw new MemoryFault(`guest memory access out of bounds: ${ptr}+${len}`);
    }
  }

  /** Copy of len bytes at ptr. */
  read(ptr: number, len: number): Uint8Array {
    ptr >>>= 0;
    len >>>= 0;
    this.check(ptr, len);
    return this.u8.slice(ptr, ptr + len);
  }

  readString(ptr: number, len: number): string {
    return utf8.decode(this.read(ptr, len));
  }

  write(ptr: number, data: Uint8Array): void {
    ptr >>>= 0;
    this.check(ptr, data.length);
    this.u8.set(data, ptr);
  }

  getU32(ptr: number): number {
    ptr >>>= 0;
    this.check(ptr, 4);
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }

  setU32(ptr: number, value: number): void {
    ptr >>>= 0;
    this.check(ptr, 4);
    new DataView(this.memory.buffer).setUint32(ptr, value >>> 0, true);
  }

  setU64(ptr: number, value: bigint): void {
    ptr >>>= 0;
    this.check(ptr, 8);
    new DataView(this.memory.buffer).setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  /** malloc(len) in the module and copy data there; returns the guest pointer. */
  alloc(data: Uint8Array): number {
    const ptr = this.malloc(data.length) >>> 0;
    if (ptr === 0) throw new MemoryFault(`malloc(${data.length}) returned 0 (out of memory)`);
    this.write(ptr, data); // malloc may have grown memory: write() takes a fresh view
    return ptr;
  }

  /**
   * Envoy's copyToPointerSize: allocate and copy data (no malloc for empty data, pointer 0), then
   * write pointer and length at ptrPtr and sizePtr.
   */
  returnBytes(data: Uint8Array, ptrPtr: number, sizePtr: number): void {
    const ptr = data.length > 0 ? this.alloc(data) : 0;
    this.setU32(ptrPtr, ptr);
    this.setU32(sizePtr, data.length);
  }
}
