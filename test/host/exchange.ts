// exchange(): one whole request/response through the filter, with bodies cut into chosen chunks.
// This is what most filter tests use.

import { HeaderMap, type HeadersInit } from "./header-map.ts";
import type { HttpCall, HttpCallReply, ProxyWasmHost } from "./host.ts";
import { toBytes } from "./memory.ts";
import { routeName as routeNameProperty, type DownstreamRecord, type HopRecord, type HttpStream, type LocalResponse, type PropertyMap } from "./stream.ts";

export interface ExchangeRequest {
  /** Missing pseudo-headers get defaults: :method (POST with a body, else GET), :path "/", :authority "weir.test", :scheme "http". */
  headers?: HeadersInit;
  body?: string | Uint8Array;
  /** Sizes of the first body chunks; what is left forms one more chunk. Default: one chunk. */
  chunks?: readonly number[];
  trailers?: HeadersInit;
}

export interface ExchangeResponse {
  /** :status when headers lack it. Default 200. */
  status?: number;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  chunks?: readonly number[];
  trailers?: HeadersInit;
}

export interface ExchangeOptions {
  request: ExchangeRequest;
  /** The upstream's answer, or a function of what the upstream received. Omit to stop after the request. */
  response?: ExchangeResponse | ((upstream: HopRecord, stream: HttpStream) => ExchangeResponse);
  /** Stream properties (paths joined by "\0"). */
  properties?: PropertyMap;
  /** Shorthand for the "xds\0route_name" property. */
  routeName?: string;
  /** Answers http_calls as the module makes them (undefined leaves a call pending). */
  onHttpCall?: (call: HttpCall) => HttpCallReply | "fail" | "timeout" | undefined;
  /** Run complete() (on_log, on_done, on_delete) at the end. Default true. */
  complete?: boolean;
}

export interface ExchangeResult {
  stream: HttpStream;
  /** What the router sent upstream. */
  upstream: HopRecord;
  /** What the client received. */
  downstream: DownstreamRecord;
  localResponse: LocalResponse | null;
  /** The http_calls made during this exchange. */
  httpCalls: HttpCall[];
  /** Why the response was not sent (answered locally, reset, or the request never fully reached the upstream). */
  responseSkipped: string | null;
}

/** Cut body into chunks of the given sizes, plus one chunk with the rest (never drops bytes). */
export function splitChunks(body: Uint8Array, sizes: readonly number[] = []): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    if (offset >= body.length) break;
    out.push(body.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < body.length || out.length === 0) out.push(body.subarray(offset));
  return out;
}

/** Chunk-size arrays for a body of `length` bytes: whole, cut at every offset, and byte by byte. */
export function chunkings(length: number): number[][] {
  const out: number[][] = [[]];
  for (let cut = 1; cut < length; cut++) out.push([cut]);
  if (length > 2) out.push(new Array(length).fill(1));
  return out;
}

function withPseudoHeaders(init: HeadersInit | undefined, hasBody: boolean): HeaderMap {
  const headers = HeaderMap.from(init);
  if (!headers.has(":method")) headers.add(":method", hasBody ? "POST" : "GET");
  if (!headers.has(":scheme")) headers.add(":scheme", "http");
  if (!headers.has(":authority")) headers.add(":authority", "weir.test");
  if (!headers.has(":path")) headers.add(":path", "/");
  return headers;
}

/** Run a request (then, if given, the upstream's response) through a new stream of the host. */
export function exchange(host: ProxyWasmHost, options: ExchangeOptions): ExchangeResult {
  const properties = { ...(options.properties ?? {}), ...(options.routeName !== undefined ? routeNameProperty(options.routeName) : {}) };
  const stream = host.newStream({ properties });
  const firstCall = host.httpCalls.length;

  const answerCalls = () => {
    if (!options.onHttpCall) return;
    for (;;) {
      const pending = host.httpCalls.slice(firstCall).filter((c) => c.state === "pending");
      let answered = 0;
      for (const call of pending) {
        const reply = options.onHttpCall(call);
        if (reply === undefined) continue;
        answered++;
        if (reply === "fail") host.failHttpCall(call.token);
        else if (reply === "timeout") host.timeoutHttpCall(call.token);
        else host.respondHttpCall(call.token, reply);
      }
      if (answered === 0) return;
    }
  };

  const send = (
    message: { body?: string | Uint8Array; chunks?: readonly number[]; trailers?: HeadersInit },
    headers: HeaderMap,
    sendHeaders: (h: HeaderMap, end: boolean) => void,
    sendBody: (chunk: Uint8Array, end: boolean) => void,
    sendTrailers: (t: HeadersInit) => void,
  ) => {
    const body = toBytes(message.body ?? "");
    if (body.length === 0 && !message.trailers) {
      sendHeaders(headers, true);
      answerCalls();
      return;
    }
    sendHeaders(headers, false);
    answerCalls();
    const pieces = body.length ? splitChunks(body, message.chunks) : [];
    pieces.forEach((piece, i) => {
      sendBody(piece, i === pieces.length - 1 && !message.trailers);
      answerCalls();
    });
    if (message.trailers) {
      sendTrailers(message.trailers);
      answerCalls();
    }
  };

  const request = options.request;
  send(
    request,
    withPseudoHeaders(request.headers, toBytes(request.body ?? "").length > 0),
    (h, end) => stream.sendRequestHeaders(h, end),
    (c, end) => stream.sendRequestBody(c, end),
    (t) => stream.sendRequestTrailers(t),
  );

  let responseSkipped: string | null = null;
  if (options.response) {
    if (stream.localResponse) responseSkipped = `answered locally with ${stream.localResponse.status}`;
    else if (stream.resetDetails !== null) responseSkipped = `stream reset (${stream.resetDetails})`;
    else if (!stream.upstream.ended) responseSkipped = `the request did not fully reach the upstream [${stream.describe()}]`;
    else {
      const response = typeof options.response === "function" ? options.response(stream.upstream, stream) : options.response;
      const headers = HeaderMap.from(response.headers);
      if (!headers.has(":status")) headers.add(":status", String(response.status ?? 200));
      send(
        response,
        headers,
        (h, end) => stream.sendResponseHeaders(h, end),
        (c, end) => stream.sendResponseBody(c, end),
        (t) => stream.sendResponseTrailers(t),
      );
    }
  }

  if (options.complete ?? true) stream.complete();
  return {
    stream,
    upstream: stream.upstream,
    downstream: stream.downstream,
    localResponse: stream.localResponse,
    httpCalls: host.httpCalls.slice(firstCall),
    responseSkipped,
  };
}
