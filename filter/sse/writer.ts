// Writing events back: an upstream event with a new payload (every other
// byte of it kept), or a new event framed like the stream's own.

import { ByteSink } from "../json/string";
import { SseEvent } from "./event";

/** `event` with its payload replaced by `data`; comments, ids and the event name stay as they were. */
export function withData(event: SseEvent, data: Uint8Array, out: ByteSink): void {
  const raw = event.raw;
  if (event.dataLines == 1 && data.indexOf(0x0a) < 0) {
    out.pushBytes(raw, 0, event.dataStart);
    out.pushBytes(data, 0, data.length);
    out.pushBytes(raw, event.dataEnd, raw.length);
    return;
  }
  // Several data lines (or a payload with line breaks): every other line is
  // kept in order, the payload goes out as data lines where the first was.
  const n = raw.length;
  let i = 0;
  let wroteData = false;
  while (i < n) {
    let j = i;
    while (j < n && raw[j] != 0x0a && raw[j] != 0x0d) j++;
    let term = 0;
    if (j < n) term = raw[j] == 0x0d && j + 1 < n && raw[j + 1] == 0x0a ? 2 : 1;
    if (j == i) break;
    const isData = j - i >= 4 && raw[i] == 0x64 && raw[i + 1] == 0x61 && raw[i + 2] == 0x74 && raw[i + 3] == 0x61 &&
      (j - i == 4 || raw[i + 4] == 0x3a);
    if (!isData) {
      out.pushBytes(raw, i, j);
      out.pushString(event.eol);
    } else if (!wroteData) {
      wroteData = true;
      dataLines(data, event.eol, out);
    }
    i = j + term;
  }
  if (!wroteData) dataLines(data, event.eol, out);
  out.pushString(event.eol);
}

/** A complete event: an optional `event:` line, the payload as data lines, the blank line. */
export function writeEvent(name: string, data: Uint8Array, eol: string, out: ByteSink): void {
  if (name.length > 0) {
    out.pushString("event: ");
    out.pushString(name);
    out.pushString(eol);
  }
  dataLines(data, eol, out);
  out.pushString(eol);
}

function dataLines(data: Uint8Array, eol: string, out: ByteSink): void {
  let start = 0;
  for (let k = 0; k <= data.length; k++) {
    if (k == data.length || data[k] == 0x0a) {
      out.pushString("data: ");
      out.pushBytes(data, start, k);
      out.pushString(eol);
      start = k + 1;
    }
  }
}
