// Body buffers and the rules Envoy applies when a module reads or writes one.

import { WasmResult } from "./constants.ts";

/** A mutable byte buffer (Envoy's Buffer::Instance). Identity matters: "the buffered data". */
export class ByteBuf {
  constructor(public data: Uint8Array = new Uint8Array(0)) {}

  get length(): number {
    return this.data.length;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const next = new Uint8Array(this.data.length + bytes.length);
    next.set(this.data);
    next.set(bytes, this.data.length);
    this.data = next;
  }

  prepend(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const next = new Uint8Array(this.data.length + bytes.length);
    next.set(bytes);
    next.set(this.data, bytes.length);
    this.data = next;
  }

  drain(n: number): void {
    this.data = this.data.slice(Math.min(n, this.data.length));
  }

  /** Move all bytes of other to the end of this buffer (Buffer::move). */
  moveFrom(other: ByteBuf): void {
    if (other === this) return;
    this.append(other.data);
    other.data = new Uint8Array(0);
  }

  /** Return the bytes and leave the buffer empty. */
  take(): Uint8Array {
    const out = this.data;
    this.data = new Uint8Array(0);
    return out;
  }
}

/** What proxy_get_buffer_bytes / _status / proxy_set_buffer_bytes operate on. */
export interface BufferView {
  size(): number;
  read(start: number, length: number): Uint8Array;
  /** Returns a WasmResult. */
  write(start: number, length: number, data: Uint8Array): number;
}

/** Read-only data (configurations, http-call response body): writes are BadArgument. */
export function constBuffer(bytes: Uint8Array): BufferView {
  return {
    size: () => bytes.length,
    read: (start, length) => bytes.slice(start, start + length),
    write: () => WasmResult.BadArgument,
  };
}

/** A body buffer type with nothing behind it (outside its callbacks): size 0, writes refused. */
export const NO_BUFFER: BufferView = constBuffer(new Uint8Array(0));

/**
 * A live HTTP body (Envoy's Buffer::copyFrom):
 *   start == 0: drain `length` bytes (none when 0), then prepend data — so (0,0) prepends and
 *               (0, ≥size) replaces everything;
 *   start ≥ size: append;
 *   anything else: BadArgument.
 */
export function bodyBuffer(buf: ByteBuf): BufferView {
  return {
    size: () => buf.length,
    read: (start, length) => buf.data.slice(start, start + length),
    write: (start, length, data) => {
      if (start === 0) {
        if (length !== 0) buf.drain(length);
        buf.prepend(data);
        return WasmResult.Ok;
      }
      if (start >= buf.length) {
        buf.append(data);
        return WasmResult.Ok;
      }
      return WasmResult.BadArgument;
    },
  };
}
