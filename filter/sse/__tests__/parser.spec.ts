// SSE framing: whatever the pieces, the same events come out, each with its
// exact bytes; line endings LF, CRLF and CR; comments; multi-line data.

import { SseParser } from "../parser";
import { SseEvent } from "../event";
import { withData, writeEvent } from "../writer";
import { ByteSink } from "../../json/string";

function utf8(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }
function str(b: Uint8Array): string { return String.UTF8.decodeUnsafe(b.dataStart, b.length); }

function render(events: Array<SseEvent>): string {
  const parts = new Array<string>(0);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    parts.push("[" + e.name + "|" + str(e.data) + "|" + e.dataLines.toString() + "|" + str(e.raw) + "]");
  }
  return parts.join("");
}

/** Feeds `text` cut at `cut` (and byte by byte when cut < 0), then finishes. */
function parse(text: string, cut: i32): string {
  const bytes = utf8(text);
  const p = new SseParser();
  const all = new Array<SseEvent>(0);
  if (cut < 0) {
    for (let i = 0; i < bytes.length; i++) {
      const evs = p.feed(bytes.subarray(i, i + 1));
      for (let k = 0; k < evs.length; k++) all.push(evs[k]);
    }
  } else {
    const a = p.feed(bytes.subarray(0, cut));
    for (let k = 0; k < a.length; k++) all.push(a[k]);
    const b = p.feed(bytes.subarray(cut));
    for (let k = 0; k < b.length; k++) all.push(b[k]);
  }
  const f = p.finish();
  for (let k = 0; k < f.length; k++) all.push(f[k]);
  let out = render(all);
  if (p.truncated) out += "+truncated";
  return out;
}

const STREAM = "event: message_start\ndata: {\"a\":\"é✓🙂\"}\n\n: a comment\n\ndata:{\"b\":1}\r\n\r\ndata: one\ndata: two\nid: 7\n\ndata: cr\r\rdata: [DONE]\n\n";

describe("SseParser", () => {
  it("gives the same events wherever the body is cut, even byte by byte", () => {
    const whole = parse(STREAM, utf8(STREAM).length);
    expect(whole).toBe(
      "[message_start|{\"a\":\"é✓🙂\"}|1|event: message_start\ndata: {\"a\":\"é✓🙂\"}\n\n]" +
      "[||0|: a comment\n\n]" +
      "[|{\"b\":1}|1|data:{\"b\":1}\r\n\r\n]" +
      "[|one\ntwo|2|data: one\ndata: two\nid: 7\n\n]" +
      "[|cr|1|data: cr\r\r]" +
      "[|[DONE]|1|data: [DONE]\n\n]");
    const n = utf8(STREAM).length;
    for (let cut = 0; cut <= n; cut++) expect(parse(STREAM, cut)).toBe(whole);
    expect(parse(STREAM, -1)).toBe(whole);
  });

  it("knows each event's line ending and [DONE]", () => {
    const p = new SseParser();
    const evs = p.feed(utf8("data: [DONE]\r\n\r\ndata: x\n\n"));
    expect(evs[0].eol).toBe("\r\n");
    expect(evs[0].isDone()).toBe(true);
    expect(evs[1].eol).toBe("\n");
    expect(evs[1].isDone()).toBe(false);
  });

  it("a CR at the end of a piece waits for the next byte", () => {
    const p = new SseParser();
    expect(p.feed(utf8("data: x\r\n\r")).length).toBe(0);
    const evs = p.feed(utf8("\ndata: y\n\n"));
    expect(evs.length).toBe(2);
    expect(str(evs[0].raw)).toBe("data: x\r\n\r\n");
  });

  it("dispatches a last event that lacks only its blank line; flags a body cut mid-line", () => {
    expect(parse("data: a\n\ndata: b\n", 3)).toBe("[|a|1|data: a\n\n][|b|1|data: b\n\n]");
    expect(parse("data: a\r\n", 3)).toBe("[|a|1|data: a\r\n\r\n]");
    expect(parse("data: a\n\ndata: {\"cut", 12)).toBe("[|a|1|data: a\n\n]+truncated");
  });

  it("stops at an incomplete event over its bound and hands the bytes back", () => {
    const p = new SseParser(16);
    expect(p.feed(utf8("data: 0123456789")).length).toBe(0);
    expect(p.overflowed()).toBe(false);
    p.feed(utf8("abcdef"));
    expect(p.overflowed()).toBe(true);
    expect(str(p.takeHeld())).toBe("data: 0123456789abcdef");
    expect(p.feed(utf8("\n\n")).length).toBe(0);
  });
});

describe("SSE writer", () => {
  it("replaces the payload and keeps every other byte", () => {
    const p = new SseParser();
    const e = p.feed(utf8("event: x\r\nid: 1\r\ndata:{\"a\":1}\r\n\r\n"))[0];
    const out = new ByteSink(64);
    withData(e, utf8("{\"a\":2}"), out);
    expect(str(out.toBytes())).toBe("event: x\r\nid: 1\r\ndata:{\"a\":2}\r\n\r\n");
    const multi = p.feed(utf8(": c\ndata: {\"a\":\ndata: 1}\nid: 2\n\n"))[0];
    const out2 = new ByteSink(64);
    withData(multi, utf8("{\"a\":\n2}"), out2);
    expect(str(out2.toBytes())).toBe(": c\ndata: {\"a\":\ndata: 2}\nid: 2\n\n");
  });

  it("writes new events in the stream's framing", () => {
    const out = new ByteSink(64);
    writeEvent("content_block_delta", utf8("{}"), "\n", out);
    writeEvent("", utf8("{}"), "\r\n", out);
    expect(str(out.toBytes())).toBe("event: content_block_delta\ndata: {}\n\ndata: {}\r\n\r\n");
  });
});
