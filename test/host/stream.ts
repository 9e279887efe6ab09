// One HTTP stream through Envoy's filter chain [this Wasm filter] → router, driven frame by frame
// by a test: what reaches the upstream and the client, local replies, resets, and what the
// module can reach from this stream's context at each moment (Envoy's Wasm Context).

import { bodyBuffer, NO_BUFFER, ByteBuf, type BufferView } from "./buffers.ts";
import {
  BufferType, FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus, HeaderMapType, StreamType, WasmResult,
} from "./constants.ts";
import { BaseContext, type ContextHost, type LocalReplyRequest } from "./context.ts";
import { FilterDirection, type DirectionIO } from "./filter-chain.ts";
import { HeaderMap, type HeadersInit } from "./header-map.ts";
import { bytesToText, toBytes } from "./memory.ts";

export type PropertyValue = string | Uint8Array | number | bigint;
/** Property paths use "\0" between segments, as in the ABI: { "xds\0route_name": "r1" }. */
export type PropertyMap = Record<string, PropertyValue>;

/** { "xds\0route_name": name } — the property Envoy serves as the matched route's name. */
export function routeName(name: string): PropertyMap {
  return { "xds\0route_name": name };
}

/** Property values as Envoy serializes them: strings as UTF-8, integers as 8 bytes little-endian. */
export function propertyBytes(value: PropertyValue): Uint8Array {
  if (typeof value === "string") return toBytes(value);
  if (value instanceof Uint8Array) return value;
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** What one side of the proxy received from the filter chain. */
export class HopRecord {
  /** Headers went through (the router sent the request / the client got response headers). */
  forwarded = false;
  /** Headers as forwarded (empty until forwarded). */
  headers = new HeaderMap();
  /** Data frames in the order forwarded (empty frames that only carry end of stream are omitted). */
  chunks: Uint8Array[] = [];
  trailers: HeaderMap | null = null;
  /** End of stream was forwarded. */
  ended = false;
  /** The stream was reset on this side (no clean end). */
  reset = false;

  get body(): Uint8Array {
    return concat(this.chunks);
  }

  get bodyText(): string {
    return bytesToText(this.body);
  }

  /** A content-length header that does not match the forwarded body (Envoy forwards it as is). */
  get contentLengthMismatch(): boolean {
    const declared = this.headers.get("content-length");
    return this.ended && declared !== undefined && Number(declared) !== this.body.length;
  }
}

export class DownstreamRecord extends HopRecord {
  /** The :status the client got, or null before response headers. */
  get status(): number | null {
    const s = this.headers.get(":status");
    return s === undefined ? null : Number(s);
  }
}

export interface LocalResponse {
  status: number;
  details: string;
  body: Uint8Array;
  bodyText: string;
  /** The additional headers the module passed (or none for Envoy's own replies). */
  headers: HeaderMap;
  grpcStatus: number | null;
  /** "filter": proxy_send_local_response; "envoy": e.g. 413 when buffering went over the limit. */
  source: "filter" | "envoy";
  /**
   * "filter-chain": sent before any response existed, so it went through this filter's response
   * callbacks; "direct": response headers had arrived but not gone out, sent straight to the client;
   * "reset": response headers had already gone out, so Envoy could only reset the stream.
   */
  delivery: "filter-chain" | "direct" | "reset";
}

/** What a stream needs from its host. */
export interface StreamHost extends ContextHost {
  readonly rootContextId: number;
  readonly allowOnHeadersStopIteration: boolean;
  readonly bufferLimit: number;
  /**
   * Call a module export for this stream. convert receives the raw result (undefined when the
   * module does not export it) and whether proxy_send_local_response ran during the call.
   * After-VM-call actions run before this returns, as in Envoy.
   */
  callIn(exportName: string, contextId: number, args: number[], convert?: (raw: number | undefined, stopped: boolean) => number): number;
  afterVmCall(action: () => void): void;
  warn(message: string): void;
  streamCompleted(contextId: number): void;
}

type Phase = "idle" | "open" | "ended";

export class HttpStream extends BaseContext {
  /** What the router sent upstream. */
  readonly upstream = new HopRecord();
  /** What the client received. */
  readonly downstream = new DownstreamRecord();
  /** The first local reply (from the module or from Envoy itself), if any. */
  localResponse: LocalResponse | null = null;
  readonly localResponses: LocalResponse[] = [];
  /** Request headers were modified before being forwarded: Envoy (ABI ≤ 0.2.1) re-matches the route. */
  routeCacheCleared = false;
  /** Response-code details of a stream reset (e.g. "wasm_close_stream"), or null. */
  resetDetails: string | null = null;

  private readonly properties: Map<string, Uint8Array>;
  private readonly filterState = new Map<string, Uint8Array>();
  private readonly req: FilterDirection;
  private readonly res: FilterDirection;
  private created = false;
  private completed = false;
  private requestPhase: Phase = "idle";
  private responsePhase: Phase = "idle";
  /** A local reply ended the request path (decoder chain aborted / local_complete_). */
  private requestAnswered = false;
  /** A direct local reply replaced the upstream response. */
  private responseReplaced = false;

  constructor(private readonly streamHost: StreamHost, id: number, properties: PropertyMap = {}) {
    super(streamHost, id, streamHost.rootContextId);
    this.properties = new Map(Object.entries(properties).map(([k, v]) => [k, propertyBytes(v)]));
    this.req = new FilterDirection(this.directionIO("request"));
    this.res = new FilterDirection(this.directionIO("response"));
  }

  // ------------------------------------------------------------------ driving the stream

  /** Request headers arrive from the client (the stream's context is created here, as in Envoy). */
  sendRequestHeaders(headers: HeadersInit | HeaderMap, endOfStream = false): this {
    this.expect(this.requestPhase === "idle", "request headers were already sent");
    this.ensureCreated();
    this.requestPhase = endOfStream ? "ended" : "open";
    this.req.receiveHeaders(HeaderMap.from(headers), endOfStream);
    return this;
  }

  sendRequestBody(chunk: Uint8Array | string, endOfStream = false): this {
    this.expect(this.requestPhase === "open", this.requestPhase === "idle" ? "send request headers first" : "the request already ended");
    if (endOfStream) this.requestPhase = "ended";
    this.req.receiveData(toBytes(chunk), endOfStream);
    return this;
  }

  sendRequestTrailers(trailers: HeadersInit | HeaderMap): this {
    this.expect(this.requestPhase === "open", this.requestPhase === "idle" ? "send request headers first" : "the request already ended");
    this.requestPhase = "ended";
    this.req.receiveTrailers(HeaderMap.from(trailers));
    return this;
  }

  /** Response headers arrive from the upstream; needs a request that reached the upstream. */
  sendResponseHeaders(headers: HeadersInit | HeaderMap, endOfStream = false): this {
    this.expect(!this.requestAnswered, "the stream was already answered by a local reply; no upstream response can arrive");
    this.expect(this.resetDetails === null, `the stream was reset (${this.resetDetails})`);
    this.expect(this.upstream.forwarded, "the request never reached the upstream (the filter has not let request headers through)");
    this.expect(this.responsePhase === "idle", "response headers were already sent");
    this.responsePhase = endOfStream ? "ended" : "open";
    this.res.receiveHeaders(HeaderMap.from(headers), endOfStream);
    return this;
  }

  sendResponseBody(chunk: Uint8Array | string, endOfStream = false): this {
    this.expect(this.responsePhase === "open", this.responsePhase === "idle" ? "send response headers first" : "the response already ended");
    if (endOfStream) this.responsePhase = "ended";
    this.res.receiveData(toBytes(chunk), endOfStream);
    return this;
  }

  sendResponseTrailers(trailers: HeadersInit | HeaderMap): this {
    this.expect(this.responsePhase === "open", this.responsePhase === "idle" ? "send response headers first" : "the response already ended");
    this.responsePhase = "ended";
    this.res.receiveTrailers(HeaderMap.from(trailers));
    return this;
  }

  /** The stream is destroyed: proxy_on_log, then proxy_on_done and proxy_on_delete (Envoy's order). */
  complete(): this {
    this.expect(!this.completed, "complete() was already called");
    this.completed = true;
    this.ensureCreated(); // Envoy's access-log hook creates the context if headers never came
    this.accessLogPhase = true;
    try {
      this.streamHost.callIn("proxy_on_log", this.id, [this.id]);
    } finally {
      this.accessLogPhase = false;
    }
    this.streamHost.callIn("proxy_on_done", this.id, [this.id]);
    this.streamHost.callIn("proxy_on_delete", this.id, [this.id]);
    this.streamHost.streamCompleted(this.id);
    return this;
  }

  /** Where each direction stands, for assertion messages. */
  describe(): string {
    const d = (name: string, f: FilterDirection) =>
      `${name}: iteration=${f.iteration} headersForwarded=${f.headersContinued} buffered=${f.buffered?.length ?? 0} complete=${f.complete}`;
    return [d("request", this.req), d("response", this.res), `local=${this.localResponse?.status ?? "-"} reset=${this.resetDetails ?? "-"}`].join("; ");
  }

  get isCompleted(): boolean {
    return this.completed;
  }

  // ------------------------------------------------------------------ the module's view (AbiContext)

  override getBuffer(type: number): BufferView | null {
    if (type === BufferType.HttpRequestBody) return this.bodyOf(this.req);
    if (type === BufferType.HttpResponseBody) return this.bodyOf(this.res);
    return super.getBuffer(type);
  }

  override getMap(type: number): HeaderMap | null {
    if (this.accessLogPhase) return null;
    switch (type) {
      case HeaderMapType.RequestHeaders:
        return this.req.headersLive ? this.req.headers : null;
      case HeaderMapType.RequestTrailers:
        return this.req.trailersLive ? this.req.trailers : this.req.createTrailersInLastDataCallback(() => new HeaderMap());
      case HeaderMapType.ResponseHeaders:
        return this.res.headersLive ? this.res.headers : null;
      case HeaderMapType.ResponseTrailers:
        return this.res.trailersLive ? this.res.trailers : this.res.createTrailersInLastDataCallback(() => new HeaderMap());
      default:
        return null;
    }
  }

  override getConstMap(type: number): HeaderMap | null {
    if (this.accessLogPhase) {
      switch (type) {
        case HeaderMapType.RequestHeaders:
          return this.req.headers;
        case HeaderMapType.ResponseHeaders:
          return this.res.headers;
        case HeaderMapType.ResponseTrailers:
          return this.res.trailers;
        case HeaderMapType.RequestTrailers:
          return null;
      }
      return super.getConstMap(type);
    }
    switch (type) {
      case HeaderMapType.RequestHeaders:
        return this.req.headersLive ? this.req.headers : null;
      case HeaderMapType.RequestTrailers:
        return this.req.trailersLive ? this.req.trailers : null;
      case HeaderMapType.ResponseHeaders:
        return this.res.headersLive ? this.res.headers : null;
      case HeaderMapType.ResponseTrailers:
        return this.res.trailersLive ? this.res.trailers : null;
      default:
        return super.getConstMap(type);
    }
  }

  override onHeadersModified(type: number): void {
    if (type === HeaderMapType.RequestHeaders) this.routeCacheCleared = true;
  }

  override getProperty(path: string): Uint8Array | null {
    const own = this.properties.get(path);
    if (own) return own;
    // set_property values live in filter state under the whole path, but lookups use the first
    // segment only: a value set at a multi-segment path is not found again (as in Envoy).
    if (!path.includes("\0") && this.filterState.has(path)) return this.filterState.get(path)!;
    return super.getProperty(path);
  }

  override setProperty(path: string, value: Uint8Array): number {
    this.filterState.set(path, value);
    return WasmResult.Ok;
  }

  override continueStream(type: number): number {
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    if (type === StreamType.Downstream) return WasmResult.Ok;
    const direction = type === StreamType.Request ? this.req : this.res;
    // Envoy's Context::continueStream forgets the *request* maps and body for either direction.
    this.req.headersLive = false;
    this.req.trailersLive = false;
    this.req.current = null;
    this.streamHost.afterVmCall(() => direction.continueFromFilter());
    return WasmResult.Ok;
  }

  override closeStream(type: number): number {
    if (type === StreamType.Request || type === StreamType.Response) {
      this.streamHost.afterVmCall(() => this.resetStream("wasm_close_stream"));
    }
    return WasmResult.Ok;
  }

  override sendLocalResponse(reply: LocalReplyRequest): void {
    this.streamHost.afterVmCall(() => this.localReply(reply, "filter"));
  }

  override clearRouteCache(): void {
    this.routeCacheCleared = true;
  }

  // ------------------------------------------------------------------ internals

  private bodyOf(direction: FilterDirection): BufferView {
    if (this.accessLogPhase) return NO_BUFFER;
    if (direction.bufferingBody) {
      direction.buffered ??= new ByteBuf();
      return bodyBuffer(direction.buffered);
    }
    return direction.current ? bodyBuffer(direction.current) : NO_BUFFER;
  }

  private ensureCreated(): void {
    if (this.created) return;
    this.created = true;
    this.streamHost.callIn("proxy_on_context_create", this.id, [this.id, this.rootContextId]);
  }

  private expect(condition: boolean, message: string): void {
    if (!condition) throw new Error(`HttpStream ${this.id}: ${message} [${this.describe()}]`);
  }

  private directionIO(kind: "request" | "response"): DirectionIO {
    const host = this.streamHost;
    const id = this.id;
    const isRequest = kind === "request";
    const sink = isRequest ? this.upstream : this.downstream;
    const allowStop = host.allowOnHeadersStopIteration;
    return {
      callHeaders: (count, endStream) =>
        host.callIn(`proxy_on_${kind}_headers`, id, [id, count, endStream ? 1 : 0], (raw, stopped) => {
          if (raw === undefined) return FilterHeadersStatus.Continue;
          if (stopped || raw > FilterHeadersStatus.StopAllIterationAndWatermark) return FilterHeadersStatus.StopAllIterationAndWatermark;
          if (raw === FilterHeadersStatus.StopIteration && !allowStop) return FilterHeadersStatus.StopAllIterationAndWatermark;
          return raw;
        }),
      callData: (size, endStream) =>
        host.callIn(`proxy_on_${kind}_body`, id, [id, size, endStream ? 1 : 0], (raw, stopped) => {
          if (raw === undefined) return FilterDataStatus.Continue;
          if (stopped || raw > FilterDataStatus.StopIterationNoBuffer) return FilterDataStatus.StopIterationNoBuffer;
          return raw;
        }),
      callTrailers: (count) =>
        host.callIn(`proxy_on_${kind}_trailers`, id, [id, count], (raw, stopped) => {
          if (raw === undefined) return FilterTrailersStatus.Continue;
          if (stopped || raw > FilterTrailersStatus.StopIteration) return FilterTrailersStatus.StopIteration;
          return raw;
        }),
      sinkHeaders: (headers, endStream) => {
        sink.forwarded = true;
        sink.headers = headers;
        if (endStream) sink.ended = true;
      },
      sinkData: (data, endStream) => {
        if (data.length) sink.chunks.push(data.slice());
        if (endStream) sink.ended = true;
      },
      sinkTrailers: (trailers) => {
        sink.trailers = trailers;
        sink.ended = true;
      },
      ended: () => this.resetDetails !== null || (isRequest ? this.requestAnswered : this.responseReplaced),
      bufferLimit: host.bufferLimit,
      overLimit: () =>
        isRequest
          ? this.localReply(envoyReply(413, "Payload Too Large", "request_payload_too_large"), "envoy")
          : this.localReply(envoyReply(500, "Internal Server Error", "response_payload_too_large"), "envoy"),
      warn: (message) => host.warn(`stream ${id} ${kind}: ${message}`),
    };
  }

  /** DownstreamFilterManager::sendLocalReply. */
  private localReply(reply: LocalReplyRequest, source: "filter" | "envoy"): void {
    if (this.resetDetails !== null || this.completed) return;
    const record: LocalResponse = {
      status: reply.status,
      details: reply.details,
      body: reply.body,
      bodyText: bytesToText(reply.body),
      headers: HeaderMap.from(reply.headers),
      grpcStatus: reply.grpcStatus,
      source,
      delivery: "filter-chain",
    };
    this.localResponses.push(record);
    this.localResponse ??= record;

    if (this.res.headers === null) {
      // No response yet: the reply goes through the encoder chain, i.e. this filter's response callbacks.
      this.requestAnswered = true;
      if (this.upstream.forwarded) this.upstream.reset = true; // the router abandons the upstream request
      const headers = localReplyHeaders(reply);
      this.responsePhase = "ended";
      this.res.receiveHeaders(headers, reply.body.length === 0);
      if (reply.body.length) this.res.receiveData(reply.body, true);
    } else if (!this.downstream.forwarded) {
      record.delivery = "direct";
      this.requestAnswered = true;
      this.responseReplaced = true;
      if (this.responsePhase !== "ended") this.upstream.reset = true; // the rest of the upstream response is dropped
      this.downstream.forwarded = true;
      this.downstream.headers = localReplyHeaders(reply);
      this.downstream.chunks = reply.body.length ? [reply.body.slice()] : [];
      this.downstream.ended = true;
    } else {
      record.delivery = "reset";
      this.resetStream(reply.details);
    }
  }

  private resetStream(details: string): void {
    if (this.resetDetails !== null) return;
    this.resetDetails = details;
    if (!this.downstream.ended) this.downstream.reset = true;
    if (this.upstream.forwarded) this.upstream.reset = true;
  }
}

function envoyReply(status: number, body: string, details: string): LocalReplyRequest {
  return { status, details, body: toBytes(body), headers: [], grpcStatus: null };
}

/** Http::Utility::sendLocalReply's headers: :status, the extra headers, then length and type. */
function localReplyHeaders(reply: LocalReplyRequest): HeaderMap {
  const headers = new HeaderMap();
  headers.add(":status", String(reply.status));
  for (const [k, v] of reply.headers) headers.add(k, v);
  if (reply.body.length) {
    headers.set("content-length", String(reply.body.length));
    if (!headers.has("content-type")) headers.add("content-type", "text/plain");
  } else {
    headers.remove("content-length");
    headers.remove("content-type");
  }
  return headers;
}
