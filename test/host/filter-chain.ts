// One direction (request = decode, response = encode) of Envoy's HTTP filter manager for a chain
// made of the Wasm filter followed by a terminal sink (the router upstream, the codec downstream),
// together with the per-direction state of Envoy's Wasm Context. Modelled on
// source/common/http/filter_manager.cc (commonContinue, commonHandleAfter*Callback,
// handleDataIfStopAll, commonHandleBufferData) and source/extensions/common/wasm/context.cc
// (decodeHeaders/decodeData/…, getBuffer, getMap).

import { ByteBuf } from "./buffers.ts";
import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus } from "./constants.ts";
import type { HeaderMap } from "./header-map.ts";

export type Iteration = "continue" | "stopSingle" | "stopAllBuffer" | "stopAllWatermark";

/** How a direction reaches the module, the next hop, and the stream. */
export interface DirectionIO {
  /** Call the module; return the status as Envoy converts it. */
  callHeaders(count: number, endStream: boolean): number;
  callData(size: number, endStream: boolean): number;
  callTrailers(count: number): number;
  /** The router (request) or the client connection (response). */
  sinkHeaders(headers: HeaderMap, endStream: boolean): void;
  sinkData(data: Uint8Array, endStream: boolean): void;
  sinkTrailers(trailers: HeaderMap): void;
  /** A local reply or a reset ended this direction: frames are dropped, callbacks not made. */
  ended(): boolean;
  readonly bufferLimit: number;
  /** Buffered data went over the limit without watermark streaming (413 request / 500 response). */
  overLimit(): void;
  /** Envoy would hit an ASSERT (continue while not stopped): reported, then ignored. */
  warn(message: string): void;
}

export class FilterDirection {
  // --- filter manager state
  headers: HeaderMap | null = null;
  trailers: HeaderMap | null = null;
  /** The codec delivered end of stream (remoteDecodeComplete / upstream response complete). */
  complete = false;
  headersContinued = false;
  iteration: Iteration = "continue";
  private iterateFromCurrent = false;
  /** bufferedData(): what the filter manager holds for this filter. */
  buffered: ByteBuf | null = null;
  private streaming = false;
  private overLimitFired = false;
  /** The filter has seen end of stream (entry->end_stream_). */
  filterEndStream = false;
  private filterSawTrailers = false;
  private trailersForwarded = false;

  // --- Wasm Context state (what getMap / getBuffer can reach)
  headersLive = false;
  trailersLive = false;
  /** request_body_buffer_ / response_body_buffer_: the chunk of the running or stopped callback. */
  current: ByteBuf | null = null;
  /** buffering_*_body_: the last body callback returned StopIterationAndBuffer. */
  bufferingBody = false;
  /** Context::end_of_stream_ as last set by a callback. */
  endOfStream = false;
  /** A callback of this direction is running (its status is not applied yet). */
  inCallback = false;
  private pendingContinue = false;

  constructor(private readonly io: DirectionIO) {}

  get stoppedAll(): boolean {
    return this.iteration === "stopAllBuffer" || this.iteration === "stopAllWatermark";
  }

  // ---------------------------------------------------------------- frames from the codec side

  receiveHeaders(headers: HeaderMap, endStream: boolean): void {
    this.headers = headers;
    this.complete = endStream;
    this.headersLive = true;
    this.endOfStream = endStream;
    this.inCallback = true;
    const status = this.io.callHeaders(headers.size, endStream);
    this.inCallback = false;
    if (this.io.ended()) {
      this.iteration = "stopSingle";
      return;
    }
    if (endStream) this.filterEndStream = true;
    switch (status) {
      case FilterHeadersStatus.StopIteration:
        this.iteration = "stopSingle";
        break;
      case FilterHeadersStatus.StopAllIterationAndBuffer:
        this.iteration = "stopAllBuffer";
        break;
      case FilterHeadersStatus.StopAllIterationAndWatermark:
        this.iteration = "stopAllWatermark";
        break;
      default: // Continue, and ContinueAndEndStream which Envoy maps to Continue
        this.headersLive = false;
        this.headersContinued = true;
        this.io.sinkHeaders(headers.clone(), endStream);
    }
    this.afterCallback();
  }

  receiveData(chunk: Uint8Array, endStream: boolean): void {
    if (this.io.ended()) return;
    if (endStream) this.complete = true;
    const provided = new ByteBuf(chunk.slice());
    if (this.stoppedAll) {
      this.streaming = this.iteration === "stopAllWatermark";
      this.bufferInto(provided);
      return;
    }
    if (this.filterEndStream) return;
    this.filterData(provided, endStream);
  }

  receiveTrailers(trailers: HeaderMap): void {
    if (this.io.ended()) return;
    this.complete = true;
    this.trailers = trailers;
    if (this.stoppedAll) return; // delivered when the filter continues
    this.filterTrailers();
  }

  // ---------------------------------------------------------------- continuing

  /** proxy_continue_stream, run after the VM call returned. */
  continueFromFilter(): void {
    if (this.inCallback) {
      this.pendingContinue = true; // applied once the callback's own status has been handled
      return;
    }
    this.commonContinue();
  }

  private afterCallback(): void {
    if (!this.pendingContinue) return;
    this.pendingContinue = false;
    this.commonContinue();
  }

  private commonContinue(): void {
    if (this.io.ended()) return;
    if (this.iteration === "continue") {
      this.io.warn("proxy_continue_stream while the stream was not stopped (Envoy ASSERT); ignored");
      return;
    }
    if (this.stoppedAll) this.iterateFromCurrent = true;
    this.iteration = "continue";
    if (!this.headersContinued) {
      this.headersContinued = true;
      this.io.sinkHeaders(this.headers!.clone(), this.complete && !this.buffered && !this.trailers);
    }
    const hadTrailers = this.trailers !== null;
    if (this.buffered) this.doData(this.complete && !hadTrailers);
    if (hadTrailers && !this.io.ended()) this.doTrailers();
    this.iterateFromCurrent = false;
  }

  private doData(endStream: boolean): void {
    const data = this.buffered!;
    if (this.iterateFromCurrent && !this.filterEndStream) {
      this.filterData(data, endStream); // the filter stopped everything: it has not seen this data yet
    } else {
      this.buffered = null;
      this.io.sinkData(data.take(), endStream);
    }
  }

  private doTrailers(): void {
    if (this.trailersForwarded) return;
    if (this.iterateFromCurrent && !this.filterSawTrailers) {
      this.filterTrailers();
    } else if (this.iteration === "continue") {
      this.trailersForwarded = true;
      this.io.sinkTrailers(this.trailers!.clone());
    }
  }

  // ---------------------------------------------------------------- the Wasm filter's callbacks

  private filterData(provided: ByteBuf, endStream: boolean): void {
    const filterEnd = endStream && !this.trailers;
    const trailersBefore = this.trailers !== null;
    // Context::decodeData: after StopIterationAndBuffer the new chunk joins the buffered body and
    // the module sees the whole of it.
    if (this.bufferingBody) {
      this.streaming = false;
      this.bufferInto(provided);
      if (this.io.ended()) return;
    }
    this.current = provided;
    this.endOfStream = filterEnd;
    const size = this.bufferingBody ? (this.buffered?.length ?? 0) : provided.length;
    this.inCallback = true;
    const status = this.io.callData(size, filterEnd);
    this.inCallback = false;
    this.bufferingBody = status === FilterDataStatus.StopIterationAndBuffer;
    if (status === FilterDataStatus.Continue) this.current = null;
    this.filterEndStream = filterEnd;
    if (this.io.ended()) return;

    // Trailers added by the module during the last data callback end the stream instead.
    let forwardEnd = filterEnd;
    const trailersAdded = !trailersBefore && this.trailers !== null;
    if (trailersAdded) {
      forwardEnd = false;
      this.filterSawTrailers = true;
      this.trailersLive = false;
    }

    if (status === FilterDataStatus.Continue) {
      if (this.iteration === "stopSingle") {
        this.bufferInto(provided);
        this.commonContinue();
      } else {
        if (provided === this.buffered) this.buffered = null;
        this.io.sinkData(provided.take(), forwardEnd);
        if (trailersAdded) this.doTrailers();
      }
    } else {
      this.iteration = "stopSingle";
      if (status === FilterDataStatus.StopIterationAndBuffer || status === FilterDataStatus.StopIterationAndWatermark) {
        this.streaming = status === FilterDataStatus.StopIterationAndWatermark;
        this.bufferInto(provided);
      } else if (this.complete && !this.trailers && !this.buffered) {
        // StopIterationNoBuffer drops the chunk; keep an empty buffer so a later continue still
        // ends the stream.
        this.buffered = new ByteBuf();
      }
    }
    this.afterCallback();
  }

  private filterTrailers(): void {
    this.trailersLive = true;
    this.filterSawTrailers = true;
    this.inCallback = true;
    const status = this.io.callTrailers(this.trailers!.size);
    this.inCallback = false;
    this.filterEndStream = true;
    if (this.io.ended()) return;
    if (status === FilterTrailersStatus.Continue) {
      this.trailersLive = false;
      if (this.iteration === "stopSingle") {
        this.commonContinue();
      } else {
        this.trailersForwarded = true;
        this.io.sinkTrailers(this.trailers!.clone());
      }
    } else if (this.iteration === "continue") {
      this.iteration = "stopSingle";
    }
    this.afterCallback();
  }

  /** commonHandleBufferData plus the watermark buffer's over-limit callback. */
  private bufferInto(provided: ByteBuf): void {
    if (this.buffered !== provided) {
      this.buffered ??= new ByteBuf();
      this.buffered.moveFrom(provided);
    }
    if (!this.overLimitFired && this.buffered.length > this.io.bufferLimit) {
      this.overLimitFired = true;
      if (!this.streaming) this.io.overLimit();
    }
  }

  /** The mutable trailers the module may create during the last body callback (addDecodedTrailers). */
  createTrailersInLastDataCallback(create: () => HeaderMap): HeaderMap | null {
    if (this.trailers || !this.inCallback || !this.current || !this.endOfStream) return null;
    this.trailers = create();
    this.trailersLive = true;
    return this.trailers;
  }
}
