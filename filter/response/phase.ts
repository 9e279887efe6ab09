// The response side of one stream, decided at response headers:
//
//   SSE (content-type text/event-stream)   → streaming/processor.ts: masked per
//       event when a response guard is on (or Weir must drop the usage it asked
//       for), else passed as it comes while usage is read from a copy;
//   other body, response guard on          → buffered whole, masked (guard.ts),
//       usage read from the same parse (headers held so content-length stays true);
//   other 2xx JSON body, no guard          → passed as it comes; usage/capture.ts
//       keeps only the usage members (no buffering in Envoy);
//   anything else                          → untouched.
//
// Usage, masked-match counts and stream anomalies are reported once, when the
// body ends (before Envoy writes its access log) or, for a stream cut by a
// reset, at proxy_on_log.

import { Context, FilterDataStatusValues, FilterHeadersStatusValues } from "@solo-io/proxy-runtime";
import { callResponseWebhook, readResponseVerdict, responseFields } from "./webhook";
import { BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { RoutePolicy } from "../config/policy";
import { PatternSet } from "../guard/regex/pattern-set";
import {
  responseHeaders, readBody, replaceBody, removeResponseHeader, sendLocalReply, setResponseHeader, continueResponse,
} from "../abi/host";
import { maskResponseBody } from "./guard";
import { StreamOptions, StreamProcessor } from "../streaming/processor";
import { UsageCapture } from "../usage/capture";
import { TokenUsage } from "../usage/usage";
import { reportAnomaly, reportMasked, reportUsage } from "../usage/report";
import { collectGarbage } from "./memory";

enum Mode { None, Buffer, Stream, Capture }

/** Within one long stream, the cycle collector runs every this many events (see WeirStream.onLog). */
const COLLECT_EVERY_EVENTS: i32 = 256;

/** A stream that ended without its end (reset mid-body), seen at proxy_on_log. */
export const ANOMALY_INCOMPLETE = "incomplete";

export class ResponsePhase {
  /** Weir added stream_options.include_usage to the request (usage/request.ts). */
  addedStreamUsage: bool = false;
  readonly usage: TokenUsage = new TokenUsage();
  private mode: Mode = Mode.None;
  private stream: StreamProcessor | null = null;
  private capture: UsageCapture | null = null;
  private reported: bool = false;
  private collectedAt: i32 = 0;
  /** The buffered response while the response webhook is asked about it. */
  private webhookBody: Uint8Array | null = null;
  private webhookFields: i32 = 0;
  /** Where the webhook's reply goes: set by the stream (no closures in AssemblyScript). */
  webhookReply: (origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32) => void;

  constructor(webhookReply: (origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32) => void) {
    this.webhookReply = webhookReply;
  }

  onHeaders(policy: RoutePolicy, endOfStream: bool): FilterHeadersStatusValues {
    if (endOfStream) return FilterHeadersStatusValues.Continue;
    const guard = policy.responseGuard;
    let patterns: PatternSet | null = null;
    if (guard !== null) patterns = guard.patterns;
    // One host call for every response header.
    // One host call for every response header; the values are looked at as
    // bytes (ASCII case folded), decoded only for the error message.
    const headers = responseHeaders();
    const statusAt = headers.indexOf(":status");
    let status = 0;
    if (statusAt >= 0) status = headers.valueStatus(statusAt);
    const success = status >= 200 && status < 300;
    const typeAt = headers.indexOf("content-type");
    const encodingAt = headers.indexOf("content-encoding");
    const encoded = encodingAt >= 0 && headers.valueLength(encodingAt) > 0 && !headers.valueIsLower(encodingAt, "identity");
    const webhook = guard !== null && guard.webhook !== null;
    if ((patterns !== null || webhook) && encoded) {
      // The filter cannot inflate it, so it cannot vouch for it (Weir asks
      // providers for identity when a response guard is on).
      const encoding = headers.value(encodingAt).toLowerCase();
      sendLocalReply(502, "weir_response_encoded", policy.provider.errorBody(502, "bad_gateway",
        "the provider's response is encoded (" + encoding + "); the response guard cannot inspect it"), "application/json");
      return FilterHeadersStatusValues.StopIteration;
    }
    if (typeAt >= 0 && headers.valueContainsLower(typeAt, "text/event-stream")) {
      if (encoded || (!success && patterns === null)) return FilterHeadersStatusValues.Continue;
      const options = new StreamOptions();
      if (patterns !== null) {
        options.patterns = patterns;
        options.holdBackBytes = guard!.holdBackBytes;
        options.overflowError = guard!.overflowError;
      }
      options.stripUsage = this.addedStreamUsage;
      const stream = new StreamProcessor(policy.provider, options, this.usage);
      this.stream = stream;
      this.mode = Mode.Stream;
      if (stream.rewrite) removeResponseHeader("content-length");
      return FilterHeadersStatusValues.Continue;
    }
    if (patterns !== null || webhook) {
      // Hold the headers until the body is masked, so content-length stays true.
      this.mode = Mode.Buffer;
      return FilterHeadersStatusValues.StopIteration;
    }
    if (success && !encoded && typeAt >= 0 && headers.valueContainsLower(typeAt, "json")) {
      this.capture = new UsageCapture();
      this.mode = Mode.Capture;
    }
    return FilterHeadersStatusValues.Continue;
  }

  /** `origin` is the stream, for the response webhook's http_call. */
  onBody(origin: Context, policy: RoutePolicy, bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    if (this.mode == Mode.Stream) {
      const stream = this.stream!;
      if (stream.push(readBody(BufferTypeValues.HttpResponseBody, <u32>bodySize), endOfStream)) {
        const out = stream.output;
        replaceBody(BufferTypeValues.HttpResponseBody, out.buf, out.length);
      }
      if (endOfStream) this.report(policy);
      if (stream.events - this.collectedAt >= COLLECT_EVERY_EVENTS) {
        // A long stream's per-event garbage must not wait for the stream's end.
        this.collectedAt = stream.events;
        collectGarbage();
      }
      return FilterDataStatusValues.Continue;
    }
    if (this.mode == Mode.Buffer) {
      if (!endOfStream) return FilterDataStatusValues.StopIterationAndBuffer;
      this.mode = Mode.None;
      const body = readBody(BufferTypeValues.HttpResponseBody, <u32>bodySize);
      const webhook = policy.responseGuard!.webhook;
      if (webhook !== null) {
        const fields = responseFields(policy.provider, body);
        if (fields !== null) {
          this.webhookBody = body;
          this.webhookFields = fields.length;
          if (callResponseWebhook(origin, webhook, fields, this.webhookReply)) return FilterDataStatusValues.StopIterationAndBuffer;
          this.webhookBody = null;
          if (!webhook.failOpen) return this.refuseUnguarded(policy);
        }
      }
      this.finishBuffered(policy, body, null);
      return FilterDataStatusValues.Continue;
    }
    if (this.mode == Mode.Capture) {
      const capture = this.capture!;
      if (bodySize > 0) capture.feed(readBody(BufferTypeValues.HttpResponseBody, <u32>bodySize));
      if (endOfStream) {
        capture.result(policy.provider, this.usage);
        this.report(policy);
      }
    }
    return FilterDataStatusValues.Continue;
  }

  /**
   * The response webhook's reply (from `webhookReply`, set by the stream):
   * mask with its texts, then the regex; continue the held response.
   */
  resumeWebhook(policy: RoutePolicy, status: i32, reply: Uint8Array): void {
    const body = this.webhookBody;
    if (body === null) return;
    this.webhookBody = null;
    const verdict = readResponseVerdict(status, reply, this.webhookFields);
    if (verdict.failure.length > 0 && !policy.responseGuard!.webhook!.failOpen) {
      this.refuseUnguarded(policy);
      return;
    }
    this.finishBuffered(policy, body, verdict.texts);
    continueResponse();
  }

  private finishBuffered(policy: RoutePolicy, original: Uint8Array, webhookTexts: Array<string> | null): void {
    const result = maskResponseBody(policy.responseGuard!, policy.provider, original, this.usage, webhookTexts);
    const body = result.body;
    if (body !== null) {
      replaceBody(BufferTypeValues.HttpResponseBody, body);
      setResponseHeader("content-length", body.length.toString());
    }
    reportMasked(policy.metrics, result.matches);
    this.report(policy);
  }

  /** A guard that fails closed answers 502 rather than release what it could not inspect. */
  private refuseUnguarded(policy: RoutePolicy): FilterDataStatusValues {
    sendLocalReply(502, "weir_response_guard_unavailable", policy.provider.errorBody(502, "guard_unavailable",
      "the guardrail webhook checking this response is unavailable"), "application/json");
    return FilterDataStatusValues.StopIterationNoBuffer;
  }

  /** Trailers end the body: no data can be added any more. */
  onTrailers(policy: RoutePolicy): void {
    if (this.mode == Mode.Stream) {
      this.stream!.endWithoutData();
      this.report(policy);
    } else if (this.mode == Mode.Capture) {
      this.capture!.result(policy.provider, this.usage);
      this.report(policy);
    }
  }

  onLog(policy: RoutePolicy): void {
    if (!this.reported && this.mode != Mode.None) {
      const stream = this.stream;
      if (stream !== null && !stream.finished) reportAnomaly(policy.metrics, ANOMALY_INCOMPLETE);
      this.report(policy);
    }
    // proxy-runtime 0.1.8 never frees a stream's context (filter/abi/exports.ts
    // explains why and fixes it): let go of the stream's buffers here at least.
    this.stream = null;
    this.capture = null;
    this.mode = Mode.None;
  }

  private report(policy: RoutePolicy): void {
    if (this.reported) return;
    this.reported = true;
    const metrics = policy.metrics;
    const stream = this.stream;
    if (stream !== null) {
      reportMasked(metrics, stream.masked);
      for (let i = 0; i < stream.anomalies.length; i++) reportAnomaly(metrics, stream.anomalies[i]);
    }
    if (this.usage.model.length == 0 && policy.model.length > 0) this.usage.model = policy.model;
    reportUsage(metrics, this.usage);
  }
}
