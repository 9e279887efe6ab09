// What a host function sees of "the current context" (Envoy's Context), and the contexts that
// are not HTTP streams: the VM context (id 0, used while the module starts) and the root context.

import { BufferType, HeaderMapType, StreamType, WasmResult } from "./constants.ts";
import { constBuffer, type BufferView } from "./buffers.ts";
import type { HeaderMap, HeaderPair } from "./header-map.ts";

export interface HttpCallResponseData {
  headers: HeaderMap;
  body: Uint8Array;
  trailers: HeaderMap | null;
}

/** What proxy_send_local_response asked for. */
export interface LocalReplyRequest {
  status: number;
  details: string;
  body: Uint8Array;
  headers: HeaderPair[];
  /** gRPC status, or null when the module passed a value outside 0..16 (e.g. -1, "not set"). */
  grpcStatus: number | null;
}

/** Host state every context can reach. */
export interface ContextHost {
  readonly rootId: string;
  readonly vmConfig: Uint8Array;
  /** The plugin configuration, only while proxy_on_configure runs. */
  pluginConfigDuringConfigure(): Uint8Array | null;
  /** The http-call response, only while proxy_on_http_call_response runs (stored on the root). */
  httpCallResponse(): HttpCallResponseData | null;
  /** Host-wide properties: plugin_root_id, plugin_name, plugin_vm_id and the host's properties option. */
  hostProperty(path: string): Uint8Array | null;
}

export interface AbiContext {
  readonly id: number;
  /** 0 for the VM and root contexts. */
  readonly rootContextId: number;
  /** True during proxy_on_log: maps are read-only, missing maps are NotFound rather than BadArgument. */
  readonly accessLogPhase: boolean;
  getBuffer(type: number): BufferView | null;
  /** Mutable map, or null when not available now (→ BadArgument). */
  getMap(type: number): HeaderMap | null;
  /** Readable map, or null when not available now. */
  getConstMap(type: number): HeaderMap | null;
  onHeadersModified(type: number): void;
  getProperty(path: string): Uint8Array | null;
  setProperty(path: string, value: Uint8Array): number;
  continueStream(type: number): number;
  closeStream(type: number): number;
  sendLocalResponse(reply: LocalReplyRequest): void;
  clearRouteCache(): void;
}

/** Behaviour shared by all contexts (Envoy's Context outside an HTTP stream). */
export class BaseContext implements AbiContext {
  accessLogPhase = false;

  constructor(
    protected readonly host: ContextHost,
    readonly id: number,
    readonly rootContextId: number,
  ) {}

  getBuffer(type: number): BufferView | null {
    switch (type) {
      case BufferType.VmConfiguration:
        return constBuffer(this.host.vmConfig); // Envoy serves it to any context at any time
      case BufferType.PluginConfiguration: {
        const config = this.host.pluginConfigDuringConfigure();
        return config ? constBuffer(config) : null;
      }
      case BufferType.HttpCallResponseBody: {
        const response = this.host.httpCallResponse();
        return response ? constBuffer(response.body) : null;
      }
      default:
        return null;
    }
  }

  getMap(_type: number): HeaderMap | null {
    return null;
  }

  getConstMap(type: number): HeaderMap | null {
    const response = this.host.httpCallResponse();
    if (type === HeaderMapType.HttpCallResponseHeaders) return response?.headers ?? null;
    if (type === HeaderMapType.HttpCallResponseTrailers) return response?.trailers ?? null;
    return null;
  }

  onHeadersModified(_type: number): void {}

  getProperty(path: string): Uint8Array | null {
    return this.host.hostProperty(path);
  }

  /** Envoy stores properties in the stream's filter state; outside a stream there is none. */
  setProperty(_path: string, _value: Uint8Array): number {
    return WasmResult.NotFound;
  }

  continueStream(type: number): number {
    return type === StreamType.Upstream ? WasmResult.Unimplemented : WasmResult.Ok;
  }

  closeStream(_type: number): number {
    return WasmResult.Ok;
  }

  /** No stream to answer: Envoy accepts the call and does nothing. */
  sendLocalResponse(_reply: LocalReplyRequest): void {}

  clearRouteCache(): void {}
}

/** The plugin's root context (id 1): on_vm_start, on_configure, ticks, http-call responses. */
export class RootContextState extends BaseContext {
  tickPeriodMs = 0;
  constructor(host: ContextHost, id: number) {
    super(host, id, 0);
  }
}
