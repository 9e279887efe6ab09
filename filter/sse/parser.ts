// An incremental server-sent-events parser (the WHATWG "event stream"
// framing): feed it the body in whatever pieces the network delivered — an
// event split mid-line, mid-UTF-8 sequence or mid-JSON, several events in one
// piece — and it hands back each event once its blank line has arrived.
//
// Lines end with LF, CRLF or a lone CR; a CR at the very end of a piece waits
// for the next byte to know whether an LF follows. Bytes are never decoded
// here (a split UTF-8 sequence is just bytes until the event is whole), and
// each event keeps its exact bytes so it can be forwarded unchanged.
//
// One event may not grow past `maxEventBytes` while incomplete: the parser
// then stops (overflowed()) and hands back what it holds; it never aborts.

import { SseEvent } from "./event";

const LF: u8 = 0x0a;
const CR: u8 = 0x0d;
const COLON: u8 = 0x3a;
const SPACE: u8 = 0x20;

export class SseParser {
  private buf: Uint8Array = new Uint8Array(256);
  private len: i32 = 0;
  /** Start of the incomplete event in buf. */
  private eventStart: i32 = 0;
  /** Start of the current (incomplete) line in buf. */
  private lineStart: i32 = 0;
  /** Where scanning resumes. */
  private pos: i32 = 0;
  private overflow: bool = false;
  private ended: bool = false;
  /** At finish(): bytes were left that do not end with a line terminator (the stream was cut mid-event). */
  truncated: bool = false;

  constructor(public maxEventBytes: i32 = 1 << 20) {}

  overflowed(): bool { return this.overflow; }

  /** Bytes held for the incomplete event. */
  pending(): i32 { return this.len - this.eventStart; }

  /** The parser's own list of completed events, emptied by every feed and finish. */
  private completed: Array<SseEvent> = new Array<SseEvent>(0);

  /** Appends a piece of the body; returns the events it completed, in order (valid until the next feed or finish). */
  feed(chunk: Uint8Array): Array<SseEvent> {
    const out = this.completed;
    out.length = 0;
    if (this.overflow || this.ended) return out;
    this.compact();
    this.append(chunk);
    this.scan(false, out);
    if (this.len - this.eventStart > this.maxEventBytes) this.overflow = true;
    return out;
  }

  /**
   * End of the body. A final event whose last line is complete but which lacks
   * its blank line is still dispatched; bytes cut mid-line set `truncated`.
   */
  finish(): Array<SseEvent> {
    const out = this.completed;
    out.length = 0;
    if (this.overflow || this.ended) return out;
    this.ended = true;
    this.scan(true, out);
    if (this.eventStart < this.len) {
      if (this.lineStart == this.len) {
        // Complete lines without the blank line: dispatched, with the blank
        // line added (the last line's own terminator again).
        const n = this.len - this.eventStart;
        let term = 1;
        if (n >= 2 && this.buf[this.len - 2] == CR && this.buf[this.len - 1] == LF) term = 2;
        const raw = new Uint8Array(n + term);
        memory.copy(raw.dataStart, this.buf.dataStart + <usize>this.eventStart, <usize>n);
        memory.copy(raw.dataStart + <usize>n, this.buf.dataStart + <usize>(this.len - term), <usize>term);
        out.push(parseEvent(raw));
        this.eventStart = this.len;
      } else {
        // Cut mid-line: the bytes stay held (takeHeld) for a caller that forwards them as they came.
        this.truncated = true;
      }
    }
    return out;
  }

  /** Gives up parsing: returns (and forgets) every byte held for the incomplete event. */
  takeHeld(): Uint8Array {
    const held = this.buf.slice(this.eventStart, this.len);
    this.eventStart = this.len;
    this.lineStart = this.len;
    this.pos = this.len;
    this.overflow = true;
    return held;
  }

  private scan(final: bool, out: Array<SseEvent>): void {
    const buf = this.buf;
    const len = this.len;
    let pos = this.pos;
    while (pos < len) {
      const c = unchecked(buf[pos]);
      let term = 0;
      if (c == LF) {
        term = 1;
      } else if (c == CR) {
        if (pos + 1 < len) term = unchecked(buf[pos + 1]) == LF ? 2 : 1;
        else if (final) term = 1;
        else break; // an LF may still follow in the next piece
      } else {
        pos++;
        continue;
      }
      const next = pos + term;
      if (pos == this.lineStart) {
        // A blank line: the event is complete.
        out.push(parseEvent(buf.slice(this.eventStart, next)));
        this.eventStart = next;
      }
      this.lineStart = next;
      pos = next;
    }
    this.pos = pos;
  }

  private compact(): void {
    const drop = this.eventStart;
    if (drop == 0) return;
    const keep = this.len - drop;
    if (keep > 0) memory.copy(this.buf.dataStart, this.buf.dataStart + <usize>drop, <usize>keep);
    this.len = keep;
    this.eventStart = 0;
    this.lineStart -= drop;
    this.pos -= drop;
  }

  private append(chunk: Uint8Array): void {
    const need = this.len + chunk.length;
    if (need > this.buf.length) {
      let capacity = this.buf.length * 2;
      while (capacity < need) capacity *= 2;
      const bigger = new Uint8Array(capacity);
      memory.copy(bigger.dataStart, this.buf.dataStart, <usize>this.len);
      this.buf = bigger;
    }
    memory.copy(this.buf.dataStart + <usize>this.len, chunk.dataStart, <usize>chunk.length);
    this.len = need;
  }
}

/** Reads the fields of one complete event (its bytes end with a blank line, or at least a line terminator). */
export function parseEvent(raw: Uint8Array): SseEvent {
  const event = new SseEvent(raw);
  const n = raw.length;
  let i = 0;
  let firstLine = true;
  let data: Uint8Array | null = null;
  let dataLen = 0;
  while (i < n) {
    let j = i;
    while (j < n) {
      const c = unchecked(raw[j]);
      if (c == LF || c == CR) break;
      j++;
    }
    let term = 0;
    if (j < n) {
      term = 1;
      if (unchecked(raw[j]) == CR && j + 1 < n && unchecked(raw[j + 1]) == LF) term = 2;
    }
    if (firstLine && term > 0) {
      if (term == 2) event.eol = "\r\n";
      else if (unchecked(raw[j]) == CR) event.eol = "\r";
      firstLine = false;
    }
    if (j == i) break; // the blank line
    if (unchecked(raw[i]) != COLON) {
      let colon = i;
      while (colon < j && unchecked(raw[colon]) != COLON) colon++;
      let valueStart = colon + 1;
      if (colon == j) valueStart = j;
      else if (valueStart < j && unchecked(raw[valueStart]) == SPACE) valueStart++;
      const nameLen = colon - i;
      if (nameLen == 4 && isField(raw, i, "data")) {
        event.dataLines++;
        if (event.dataLines == 1) {
          // One data line (nearly every event): the payload is a view of raw, made at the end.
          event.dataStart = valueStart;
          event.dataEnd = j;
        } else {
          // Joined with "\n" between lines, as the SSE spec defines the payload.
          const add = j - valueStart + 1;
          const cur = data;
          let grown: Uint8Array;
          if (cur === null) {
            const first = event.dataEnd - event.dataStart;
            grown = new Uint8Array((first + add) * 2);
            memory.copy(grown.dataStart, raw.dataStart + <usize>event.dataStart, <usize>first);
            dataLen = first;
          } else if (dataLen + add > cur.length) {
            grown = new Uint8Array((dataLen + add) * 2);
            memory.copy(grown.dataStart, cur.dataStart, <usize>dataLen);
          } else {
            grown = cur;
          }
          grown[dataLen++] = LF;
          memory.copy(grown.dataStart + <usize>dataLen, raw.dataStart + <usize>valueStart, <usize>(j - valueStart));
          dataLen += j - valueStart;
          data = grown;
        }
      } else if (nameLen == 5 && isField(raw, i, "event")) {
        event.name = String.UTF8.decodeUnsafe(raw.dataStart + <usize>valueStart, <usize>(j - valueStart));
      }
    }
    i = j + term;
  }
  if (event.dataLines == 1) {
    event.data = raw.subarray(event.dataStart, event.dataEnd);
  } else if (data !== null) {
    if (data.length == dataLen) event.data = data;
    else event.data = data.slice(0, dataLen);
  }
  return event;
}

function isField(raw: Uint8Array, at: i32, name: string): bool {
  for (let k = 0; k < name.length; k++) {
    if (<i32>unchecked(raw[at + k]) != name.charCodeAt(k)) return false;
  }
  return true;
}
