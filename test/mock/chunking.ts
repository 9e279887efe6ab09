// Writes a response body in deliberately awkward pieces. This is the point of the mock: a gateway
// filter must cope with events split mid-line, mid-JSON and mid-UTF-8, and with several per read.
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Chunking } from "./types.ts";

/** Cuts the body (given as its events, or one piece for a non-stream body) into writes. Pure. */
export function planWrites(events: string[], chunking: Chunking): Buffer[] {
  const buffers = events.map((event) => Buffer.from(event, "utf8"));
  switch (chunking.kind) {
    case "events":
      return buffers;
    case "coalesce": {
      const per = chunking.per ?? 3;
      if (!Number.isInteger(per) || per < 1) throw new Error("mock: coalesce.per must be a positive integer");
      const out: Buffer[] = [];
      for (let i = 0; i < buffers.length; i += per) out.push(Buffer.concat(buffers.slice(i, i + per)));
      return out;
    }
    case "bytes": {
      const { sizes } = chunking;
      if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new Error("mock: bytes.sizes must be positive integers");
      }
      const all = Buffer.concat(buffers);
      const out: Buffer[] = [];
      for (let at = 0, i = 0; at < all.length; i++) {
        const size = sizes[i % sizes.length];
        out.push(all.subarray(at, at + size));
        at += size;
      }
      return out;
    }
  }
}

/**
 * Writes each piece with its own `res.write`, waiting for it to be flushed before the next.
 * Node corks a response within one tick, so without the wait consecutive writes would leave as one
 * TCP segment; `delayMs` (> 0) is what makes the peer see them as separate reads.
 * Stops quietly when the peer goes away; `abortAfterWrites` resets the connection on purpose.
 */
export async function writePieces(
  res: ServerResponse,
  pieces: Buffer[],
  delayMs = 0,
  abortAfterWrites?: number,
): Promise<void> {
  for (let i = 0; i < pieces.length; i++) {
    if (abortAfterWrites !== undefined && i >= abortAfterWrites) {
      res.destroy();
      return;
    }
    if (res.destroyed) return;
    await new Promise<void>((resolve) => res.write(pieces[i], () => resolve()));
    if (i < pieces.length - 1) await (delayMs > 0 ? sleep(delayMs) : new Promise((r) => setImmediate(r)));
  }
  // Every piece written: reset instead of ending when the reset was scripted right after the last write.
  if (abortAfterWrites === pieces.length) res.destroy();
  else if (!res.destroyed) res.end();
}
