// A closed-loop HTTP/1.1 load generator on raw sockets: `concurrency`
// keep-alive connections, each sending the next request as soon as the last
// response ended, bounded by a request count and a time limit (whichever comes
// first). It reads content-length and chunked bodies, counts SSE events
// (blank-line terminated) and records each request's latency.
//
// Used for the streaming runs, the soak (exact counts) and, when wrk is not
// installed, for the overhead runs too. Loopback only.

import net from "node:net";

export interface LoadOptions {
  port: number;
  /** The complete request bytes (headers and body), sent as is on every request. */
  request: Buffer;
  concurrency: number;
  maxRequests: number;
  maxMs: number;
  /** Count SSE events in response bodies. */
  countEvents?: boolean;
}

export interface LoadResult {
  requests: number;
  /** Responses with a status other than 200, plus socket errors. */
  errors: number;
  firstError?: string;
  elapsedNs: number;
  /** Latency of each completed request in microseconds, sorted ascending. */
  latenciesUs: Float64Array;
  events: number;
  bodyBytes: number;
}

const CRLFCRLF = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");
const MAX_SOCKET_ERRORS = 50;

const enum State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer }

export function httpRequest(method: string, path: string, headers: Record<string, string>, body = ""): Buffer {
  const payload = Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, "host: 127.0.0.1"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (method !== "GET") lines.push(`content-length: ${payload.length}`);
  return Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n"), payload]);
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { port, request, concurrency, maxRequests, maxMs, countEvents = false } = options;
  const latencies = new Float64Array(maxRequests);
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let socketErrors = 0;
  let firstError: string | undefined;
  let events = 0;
  let bodyBytes = 0;
  const startNs = process.hrtime.bigint();
  const deadline = Date.now() + maxMs;
  let active = 0;

  return new Promise<LoadResult>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      const elapsedNs = Number(process.hrtime.bigint() - startNs);
      const sorted = latencies.slice(0, completed).sort();
      resolve({ requests: completed, errors, firstError, elapsedNs, latenciesUs: sorted, events, bodyBytes });
    };
    // A hard stop a little after the time limit, whatever the sockets do.
    const guard = setTimeout(() => {
      errors++;
      firstError ??= "load did not finish within its time limit";
      for (const c of conns) c.socket?.destroy();
      finish();
    }, maxMs + 15_000);

    const fail = (reason: string) => {
      errors++;
      firstError ??= reason;
    };

    class Conn {
      socket: net.Socket | undefined;
      buf: Buffer = Buffer.alloc(0);
      state = State.Head;
      remaining = 0;
      status = 0;
      closeAfter = false;
      sentAt = 0n;
      busy = false;
      newline = false;

      open(): void {
        const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
        this.socket = socket;
        this.buf = Buffer.alloc(0);
        this.state = State.Head;
        socket.on("connect", () => this.next());
        socket.on("data", (chunk: Buffer) => this.onData(chunk));
        socket.on("error", (err) => {
          socketErrors++;
          if (this.busy) fail(`socket: ${err.message}`);
        });
        socket.on("close", () => {
          if (this.socket !== socket) return;
          this.socket = undefined;
          if (this.busy) {
            this.busy = false;
            fail("connection closed mid-response");
          }
          if (socketErrors < MAX_SOCKET_ERRORS && this.wantsMore()) this.open();
          else this.idle();
        });
      }

      wantsMore(): boolean {
        return !finished && issued < maxRequests && Date.now() < deadline;
      }

      next(): void {
        if (!this.wantsMore()) return this.idle();
        issued++;
        this.busy = true;
        this.newline = false;
        this.sentAt = process.hrtime.bigint();
        this.socket!.write(request);
      }

      idle(): void {
        if (this.socket && !this.busy) {
          this.socket.destroy();
          this.socket = undefined;
        }
        if (!this.busy && --active === 0) finish();
      }

      countEvents(data: Buffer): void {
        bodyBytes += data.length;
        if (!countEvents) return;
        let newline = this.newline;
        for (let i = 0; i < data.length; i++) {
          const b = data[i];
          if (b === 10) {
            if (newline) events++;
            newline = true;
          } else if (b !== 13) newline = false;
        }
        this.newline = newline;
      }

      onData(chunk: Buffer): void {
        this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
        for (;;) {
          if (this.state === State.Head) {
            const end = this.buf.indexOf(CRLFCRLF);
            if (end < 0) return;
            const head = this.buf.toString("latin1", 0, end).toLowerCase();
            this.buf = this.buf.subarray(end + 4);
            this.status = Number(head.slice(9, 12));
            this.closeAfter = /\r\nconnection: *close/.test(head);
            if (/\r\ntransfer-encoding: *chunked/.test(head)) this.state = State.ChunkSize;
            else {
              const length = /\r\ncontent-length: *(\d+)/.exec(head);
              this.remaining = length ? Number(length[1]) : 0;
              this.state = State.Body;
              if (this.remaining === 0) { this.done(); continue; }
            }
          } else if (this.state === State.Body || this.state === State.ChunkData) {
            const take = Math.min(this.remaining, this.buf.length);
            if (take === 0) return;
            this.countEvents(this.buf.subarray(0, take));
            this.buf = this.buf.subarray(take);
            this.remaining -= take;
            if (this.remaining > 0) return;
            if (this.state === State.Body) this.done();
            else this.state = State.ChunkEnd;
          } else if (this.state === State.ChunkEnd) {
            if (this.buf.length < 2) return;
            this.buf = this.buf.subarray(2);
            this.state = State.ChunkSize;
          } else if (this.state === State.ChunkSize) {
            const end = this.buf.indexOf(CRLF);
            if (end < 0) return;
            const size = parseInt(this.buf.toString("latin1", 0, end), 16);
            this.buf = this.buf.subarray(end + 2);
            if (size === 0) this.state = State.Trailer;
            else { this.remaining = size; this.state = State.ChunkData; }
          } else {
            const end = this.buf.indexOf(CRLF);
            if (end < 0) return;
            this.buf = this.buf.subarray(end + 2);
            if (end === 0) this.done();
          }
        }
      }

      done(): void {
        const us = Number(process.hrtime.bigint() - this.sentAt) / 1000;
        if (completed < latencies.length) latencies[completed] = us;
        completed++;
        if (this.status !== 200) fail(`HTTP ${this.status}`);
        this.busy = false;
        this.state = State.Head;
        if (this.closeAfter) {
          this.socket?.destroy(); // "close" opens the next connection
          return;
        }
        this.next();
      }
    }

    const conns: Conn[] = [];
    for (let i = 0; i < concurrency; i++) {
      const c = new Conn();
      conns.push(c);
      active++;
      c.open();
    }
  });
}

/** The q-quantile (0..1) of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}
