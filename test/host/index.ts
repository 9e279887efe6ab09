// Public entry point of the proxy-wasm test host. See test/host/README.md.

export { ProxyWasmHost } from "./host.ts";
export type { HostOptions, HttpCall, HttpCallReply, LogEntry, TraceEntry } from "./host.ts";
export { HttpStream, HopRecord, DownstreamRecord, routeName, propertyBytes } from "./stream.ts";
export type { LocalResponse, PropertyMap, PropertyValue } from "./stream.ts";
export { exchange, splitChunks, chunkings } from "./exchange.ts";
export type { ExchangeOptions, ExchangeRequest, ExchangeResponse, ExchangeResult } from "./exchange.ts";
export { HeaderMap, encodePairs, decodePairs } from "./header-map.ts";
export type { HeadersInit, HeaderPair } from "./header-map.ts";
export { WasmAbort, WasmLoadError } from "./errors.ts";
export { ENVOY_IMPORTS, envoyImportsFor, abiVersionOf, importsEnvoyLacks } from "./envoy-imports.ts";
export type { AbiVersion } from "./envoy-imports.ts";
export {
  WasmResult, HeaderMapType, BufferType, StreamType, FilterHeadersStatus, FilterDataStatus,
  FilterTrailersStatus, LogLevel, MetricType, CUSTOM_STAT_PREFIX, DEFAULT_BUFFER_LIMIT,
} from "./constants.ts";
