// One server-sent event as it came on the wire: its exact bytes (so an event
// Weir does not change passes byte-intact) and the fields Weir reads.

/** The payload of events without data lines (shared: nothing writes into a payload). */
const NO_DATA = new Uint8Array(0);

export class SseEvent {
  /** Every byte of the event, up to and including the blank line that ends it. */
  raw: Uint8Array;
  /** The `event:` field ("" when absent). */
  name: string = "";
  /** The `data:` lines' values joined by "\n" (the event's payload). */
  data: Uint8Array = NO_DATA;
  /** How many `data:` lines the event has. */
  dataLines: i32 = 0;
  /** With exactly one data line: where its value sits in `raw`. */
  dataStart: i32 = 0;
  dataEnd: i32 = 0;
  /** The line terminator the event's first line used ("\n", "\r\n" or "\r"). */
  eol: string = "\n";

  constructor(raw: Uint8Array) { this.raw = raw; }

  hasData(): bool { return this.dataLines > 0; }

  /** `data: [DONE]`, OpenAI's end-of-stream marker. */
  isDone(): bool {
    const d = this.data;
    return d.length == 6 && d[0] == 0x5b && d[1] == 0x44 && d[2] == 0x4f && d[3] == 0x4e && d[4] == 0x45 && d[5] == 0x5d;
  }
}
