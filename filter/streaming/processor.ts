// One streamed (SSE) response through Weir. Two ways to run:
//
//  - passthrough: nothing to change; the body goes out as it came, and a copy
//    of each piece feeds the SSE parser only to read usage.
//  - rewrite: a response guard masks text, or Weir asked OpenAI for usage the
//    client did not ask for. Each piece goes out as the events it completed:
//    every upstream event stays one event, with only its text fields
//    rewritten (held-back text moves to a later event); the usage-only chunk
//    Weir asked for is dropped, and so is the `"usage":null` member it adds.
//
// Where held-back text goes out (per channel, see event-info.ts):
//  - into the channel's own text in a later event, as later text settles it;
//  - when the channel ends, into that ending event's own text field when it
//    has one (Gemini's last chunk, an OpenAI finish chunk carrying content);
//  - otherwise into one synthetic text event inserted right before the
//    event that ends the channel: before OpenAI's finish_reason chunk (or
//    `data: [DONE]`), before Anthropic's content_block_stop (or
//    message_delta), before Gemini's finishReason chunk — or at the very end
//    of the body when the stream ended without any of these.
//
// Bad input never aborts: a payload that is not JSON, an event over the
// size bound, a body cut mid-event or the hold-back bound are recorded in
// `anomalies`; with a guard the client then gets the settled text and an
// error event in the provider's shape (a well-formed end), without one the
// bytes as they came.

import { Provider } from "../providers/provider";
import { PatternSet } from "../guard/regex/pattern-set";
import { indexJsonObject } from "../json/parse";
import { forgetEnds } from "../json/ends";
import { isSpace, rootAt } from "../json/scan";
import { ByteSink, encodeJsonSpan, encodeJsonString } from "../json/string";
import { utf8, validUtf8 } from "../json/bytes";
import { SseEvent } from "../sse/event";
import { SseParser } from "../sse/parser";
import { withData, writeEvent } from "../sse/writer";
import { Splices, removeMember } from "./splices";
import { TokenUsage } from "../usage/usage";
import { ChannelMasker, maskLabels } from "./channel";
import { StreamEventInfo } from "./event-info";

/** Largest incomplete event the parser holds (bytes). */
export const MAX_EVENT_BYTES: i32 = 1 << 20;

export const ANOMALY_NOT_JSON = "not_json";
export const ANOMALY_EVENT_TOO_LARGE = "event_too_large";
export const ANOMALY_TRUNCATED = "truncated";
export const ANOMALY_HOLD_BACK = "hold_back_exceeded";
export const ANOMALY_INVALID_UTF8 = "invalid_utf8";

export class StreamOptions {
  /** The response guard's patterns, or null (no masking). */
  patterns: PatternSet | null = null;
  holdBackBytes: i32 = 4096;
  /** Past the hold-back bound: end the stream with an error event instead of masking what is held. */
  overflowError: bool = false;
  /** Weir added stream_options.include_usage: drop what the client did not ask for. */
  stripUsage: bool = false;
  maxEventBytes: i32 = MAX_EVENT_BYTES;
}

export class StreamProcessor {
  readonly rewrite: bool;
  readonly usage: TokenUsage;
  /** Each kind of bad input met, once. */
  anomalies: Array<string> = new Array<string>(0);
  /** Matches masked. */
  masked: i32 = 0;
  events: i32 = 0;
  synthetic: i32 = 0;
  /** The stream was ended early with an error event; the rest of the body is dropped. */
  terminated: bool = false;
  /** Parsing was given up (no guard): the rest of the body passes as it came. */
  gaveUp: bool = false;
  finished: bool = false;

  private parser: SseParser;
  private info: StreamEventInfo = new StreamEventInfo();
  private channelIds: Array<i32> = new Array<i32>(0);
  private channels: Array<ChannelMasker> = new Array<ChannelMasker>(0);
  private labels: Array<Uint8Array> = new Array<Uint8Array>(0);
  /** The last JSON payload: ids and model for synthetic events. */
  private template: Uint8Array | null = null;
  private eol: string = "\n";
  /** Reused for every piece and event (allocating per event was most of the per-event cost). */
  private splices: Splices = new Splices();
  private settled: ByteSink = new ByteSink(64);
  /** What the last push returned true for: the piece's replacement. Valid until the next push. */
  readonly output: ByteSink = new ByteSink(256);

  constructor(private provider: Provider, private options: StreamOptions, usage: TokenUsage) {
    this.usage = usage;
    this.rewrite = options.patterns !== null || options.stripUsage;
    this.parser = new SseParser(options.maxEventBytes);
    const patterns = options.patterns;
    if (patterns !== null) this.labels = maskLabels(patterns);
  }

  /**
   * One piece of the body. True: it is to be replaced by `output` (rewrite
   * mode; empty drops it); false: it passes as it came.
   */
  push(chunk: Uint8Array, end: bool): bool {
    const out = this.output;
    out.reset();
    if (this.finished) return this.rewrite && !this.gaveUp;
    if (this.gaveUp) {
      if (end) this.finished = true;
      return false;
    }
    if (this.terminated) {
      if (end) this.finished = true;
      return true;
    }
    const events = this.parser.feed(chunk);
    for (let i = 0; i < events.length && !this.terminated; i++) this.handle(events[i], out);
    if (!this.terminated && this.parser.overflowed()) this.overflowedEvent(out);
    if (end) this.end(out);
    // (When parsing was given up on this very piece, what it completed went
    // out rewritten and the held remainder as it came.) A rewrite that
    // changed nothing saves Envoy the copy.
    return this.rewrite && !out.equals(chunk);
  }

  /** The body ended with trailers (no more data can be written): settle usage, drop what is held. */
  endWithoutData(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.gaveUp || this.terminated) return;
    const events = this.parser.finish();
    const sink = new ByteSink(16);
    for (let i = 0; i < events.length; i++) this.handle(events[i], sink);
    if (this.parser.truncated) this.note(ANOMALY_TRUNCATED);
  }

  private end(out: ByteSink): void {
    this.finished = true;
    if (this.gaveUp || this.terminated) return;
    const events = this.parser.finish();
    for (let i = 0; i < events.length && !this.terminated; i++) this.handle(events[i], out);
    if (this.terminated) return;
    const truncated = this.parser.truncated;
    if (truncated) this.note(ANOMALY_TRUNCATED);
    if (!this.rewrite) return;
    // Text still held (a stream without its closing events) is settled now:
    // the text has ended, so what is not a match by now never will be.
    this.flushAll(out);
    if (truncated) {
      if (this.options.patterns !== null) {
        this.errorEvent(502, "the provider's stream was cut in the middle of an event", out);
      } else {
        const held = this.parser.takeHeld();
        out.pushBytes(held, 0, held.length);
      }
    }
  }

  private handle(event: SseEvent, out: ByteSink): void {
    this.events++;
    this.eol = event.eol;
    if (!event.hasData()) {
      // Comments, pings, retry lines: nothing to read.
      if (this.rewrite) out.pushBytes(event.raw, 0, event.raw.length);
      return;
    }
    if (event.isDone()) {
      if (this.rewrite) {
        this.flushAll(out);
        out.pushBytes(event.raw, 0, event.raw.length);
      }
      return;
    }
    if (!this.rewrite) {
      // Passthrough: only events that may carry usage are worth parsing.
      if (!startsLikeJson(event.data)) {
        this.note(ANOMALY_NOT_JSON);
        return;
      }
      if (!mentionsUsage(event.data)) return;
    }
    // Checked whole, but read only for the members the provider wants (no tree).
    if (!indexJsonObject(event.data)) {
      this.note(ANOMALY_NOT_JSON);
      if (!this.rewrite) return;
      if (this.options.patterns !== null) {
        this.terminate(502, "the provider sent a stream event that is not JSON", out);
        return;
      }
      out.pushBytes(event.raw, 0, event.raw.length);
      return;
    }
    const info = this.info;
    info.reset();
    this.provider.streamEvent(event.data, rootAt(event.data), info, this.usage);
    forgetEnds();
    if (!this.rewrite) return;
    if (!isValidUtf8(event.data)) this.note(ANOMALY_INVALID_UTF8);
    if (info.usageOnly && this.options.stripUsage) return;
    if (!info.usageOnly) this.template = event.data;
    const splices = this.splices;
    splices.reset();
    const patterns = this.options.patterns;
    if (patterns !== null) {
      this.maskTexts(info, event.data, out);
      if (this.terminated) return;
      this.closeChannels(info, out);
    }
    if (this.options.stripUsage && info.usageNull >= 0) removeMember(event.data, info.usageNull, "usage", splices);
    const raw = event.raw;
    if (splices.count == 0) {
      out.pushBytes(raw, 0, raw.length);
    } else if (event.dataLines == 1) {
      // The payload is raw[dataStart, dataEnd): spliced in place, every other byte kept.
      out.pushBytes(raw, 0, event.dataStart);
      splices.write(event.data, out);
      out.pushBytes(raw, event.dataEnd, raw.length);
    } else {
      const payload = new ByteSink(event.data.length + splices.bytes.length);
      splices.write(event.data, payload);
      withData(event, payload.toBytes(), out);
    }
  }

  /** Feeds each text of the event to its channel and rewrites it to what that settles. */
  private maskTexts(info: StreamEventInfo, data: Uint8Array, out: ByteSink): void {
    const settled = this.settled;
    const splices = this.splices;
    for (let i = 0; i < info.textCount; i++) {
      const channel = info.textChannel(i);
      // (Not `= this.channel(…)!`: AssemblyScript 0.17 leaks a reference on `const x = call()!`.)
      const found = this.channel(channel, true);
      const masker = found!;
      const text = info.textBytes(i, data);
      settled.reset();
      masker.feed(text, settled);
      if (info.endsChannel(channel) && !info.laterTextFor(i)) {
        masker.finish(settled);
        this.close(channel);
      } else if (masker.heldBytes() > this.options.holdBackBytes) {
        this.note(ANOMALY_HOLD_BACK);
        if (this.options.overflowError) {
          this.terminate(500, "generated text held back for the response guard exceeded " +
            this.options.holdBackBytes.toString() + " bytes", out);
          return;
        }
        masker.redact(settled);
      }
      if (settled.equals(text)) continue;
      const from = splices.bytes.length;
      encodeJsonSpan(settled.buf, 0, settled.length, splices.bytes);
      splices.add(info.textStart(i), info.textEnd(i), from);
    }
  }

  /** Channels this event ends that had no text in it: their held text goes out just before it. */
  private closeChannels(info: StreamEventInfo, out: ByteSink): void {
    if (info.endsAll) {
      this.flushAll(out);
      return;
    }
    for (let i = 0; i < info.ends.length; i++) {
      const masker = this.channel(info.ends[i], false);
      if (masker === null) continue;
      this.flushChannel(info.ends[i], masker, out);
    }
  }

  private flushAll(out: ByteSink): void {
    while (this.channelIds.length > 0) {
      this.flushChannel(this.channelIds[0], this.channels[0], out);
    }
  }

  private flushChannel(id: i32, masker: ChannelMasker, out: ByteSink): void {
    const rest = new ByteSink(masker.heldBytes() + 16);
    masker.finish(rest);
    this.close(id);
    if (rest.length == 0) return;
    const quoted = new ByteSink(rest.length + 2);
    encodeJsonString(rest.toBytes(), quoted);
    const payload = new ByteSink(quoted.length + 160);
    this.provider.streamTextEvent(id, quoted.toBytes(), this.template, payload);
    writeEvent(this.provider.streamTextEventName, payload.toBytes(), this.eol, out);
    this.synthetic++;
  }

  private channel(id: i32, create: bool): ChannelMasker | null {
    const at = this.channelIds.indexOf(id);
    if (at >= 0) return this.channels[at];
    if (!create) return null;
    const masker = new ChannelMasker(this.options.patterns!, this.labels);
    this.channelIds.push(id);
    this.channels.push(masker);
    return masker;
  }

  private close(id: i32): void {
    const at = this.channelIds.indexOf(id);
    if (at < 0) return;
    this.masked += this.channels[at].masked;
    this.channelIds.splice(at, 1);
    this.channels.splice(at, 1);
  }

  /** An incomplete event outgrew the bound. */
  private overflowedEvent(out: ByteSink): void {
    this.note(ANOMALY_EVENT_TOO_LARGE);
    if (!this.rewrite) {
      this.gaveUp = true;
      this.parser.takeHeld();
      return;
    }
    if (this.options.patterns !== null) {
      this.parser.takeHeld();
      this.terminate(502, "the provider sent a stream event larger than " + this.options.maxEventBytes.toString() + " bytes", out);
      return;
    }
    // Only usage was being edited: give up and let the bytes through as they came.
    const held = this.parser.takeHeld();
    out.pushBytes(held, 0, held.length);
    this.gaveUp = true;
  }

  /** Ends the client's stream with an error event. Held text is dropped, never released unsettled. */
  private terminate(status: i32, message: string, out: ByteSink): void {
    for (let i = 0; i < this.channels.length; i++) this.masked += this.channels[i].masked;
    this.channelIds = new Array<i32>(0);
    this.channels = new Array<ChannelMasker>(0);
    this.errorEvent(status, message, out);
    this.terminated = true;
  }

  private errorEvent(status: i32, message: string, out: ByteSink): void {
    const body = this.provider.errorBody(status, "weir_stream_error", "Weir ended the stream: " + message);
    writeEvent(this.provider.streamErrorEventName, utf8(body), this.eol, out);
  }

  private note(anomaly: string): void {
    if (!this.anomalies.includes(anomaly)) this.anomalies.push(anomaly);
  }
}

/** Whether the payload's first non-space byte can begin a JSON object. */
function startsLikeJson(data: Uint8Array): bool {
  for (let i = 0; i < data.length; i++) {
    const c = unchecked(data[i]);
    if (isSpace(c)) continue;
    return c == 0x7b;
  }
  return false;
}

/**
 * Whether the payload has a `"usage"` or `"usageMetadata"` member whose value
 * is an object (OpenAI's usage chunk, Anthropic's message_start and
 * message_delta, Gemini's usageMetadata) — not OpenAI's `"usage":null` on
 * every chunk. A byte scan, so passthrough parses only the few events that count.
 */
function mentionsUsage(data: Uint8Array): bool {
  const n = data.length;
  for (let i = 0; i + 7 < n; i++) {
    if (unchecked(data[i]) != 0x22 || unchecked(data[i + 1]) != 0x75) continue;
    if (data[i + 2] != 0x73 || data[i + 3] != 0x61 || data[i + 4] != 0x67 || data[i + 5] != 0x65) continue;
    let k = i + 6;
    if (data[k] != 0x22) {
      // "usageMetadata"
      if (k + 8 > n || data[k] != 0x4d || data[k + 7] != 0x61 || data[k + 8] != 0x22) continue;
      k += 8;
    }
    k++;
    while (k < n && isSpace(data[k])) k++;
    if (k >= n || data[k] != 0x3a) continue;
    k++;
    while (k < n && isSpace(data[k])) k++;
    if (k < n && data[k] == 0x7b) return true;
  }
  return false;
}

/** Strict UTF-8 validation (no overlongs, surrogates or code points past U+10FFFF). */
export function isValidUtf8(b: Uint8Array): bool {
  return validUtf8(b, 0, b.length);
}
