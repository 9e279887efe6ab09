// The host calls Weir makes, in one place, with the workarounds for
// @solo-io/proxy-runtime 0.1.8's defects:
//  - it has no proxy_set_buffer_bytes, so it is declared here;
//  - its get_property and header wrappers abort the VM (CHECK_RESULT → throw)
//    on any non-Ok status, e.g. NotFound for a request without a route, so the
//    calls here return what the host said instead of aborting;
//  - its onConfigure passes the config size where a pointer belongs; the root
//    context reads the plugin configuration through pluginConfiguration() here.

import * as imports from "@solo-io/proxy-runtime/imports";
import { free } from "@solo-io/proxy-runtime/malloc";
import {
  BufferTypeValues, HeaderMapTypeValues, WasmResultValues, GrpcStatusValues, HeaderPair,
  send_local_response, get_buffer_bytes, log, LogLevelValues, continue_request, continue_response,
} from "@solo-io/proxy-runtime/runtime";
import { copyOf } from "../json/bytes";
import { HeaderPairs } from "./header-pairs";

export { HeaderPairs };
import { Context } from "@solo-io/proxy-runtime";

// @ts-ignore: decorator
@external("env", "proxy_set_buffer_bytes")
declare function proxy_set_buffer_bytes(bufferType: i32, start: u32, length: u32, data: usize, size: usize): u32;

// AssemblyScript 0.17's reference counting miscompiles conditional
// expressions that yield references (`cond ? null : ref` retains a bogus
// pointer and aborts the VM): Weir uses if/return for those, never `?:`.

// Where the host writes a returned buffer's pointer and length (u32 LE each).
const RETURNED = memory.data(8);

/** Takes ownership of the buffer the host just returned through RETURNED. */
function takeReturned(): ArrayBuffer {
  const ptr = load<usize>(RETURNED);
  const len = load<u32>(RETURNED, 4);
  if (ptr == 0) return new ArrayBuffer(0);
  // The host allocated it with our malloc (an ArrayBuffer of exactly `len`
  // bytes, retained once); adopt it and drop malloc's reference.
  const buffer = changetype<ArrayBuffer>(ptr);
  free(ptr);
  return buffer;
}

function clearReturned(): void {
  store<usize>(RETURNED, 0);
  store<u32>(RETURNED, 0, 4);
}

// Names and values handed to the host are UTF-8 encoded into one reused
// buffer instead of a new ArrayBuffer per string: the host copies them during
// the call, and nothing in the module runs while a host call is in progress
// (the host's malloc does not touch it).
let scratch = new ArrayBuffer(512);
/** Byte length of the first string of the last encodeArgs call; the second follows it. */
let firstLength: usize = 0;
let secondLength: usize = 0;

function scratchOf(size: usize): usize {
  if (<usize>scratch.byteLength < size) {
    let grown = <usize>scratch.byteLength * 2;
    if (grown < size) grown = size;
    scratch = new ArrayBuffer(<i32>grown);
  }
  return changetype<usize>(scratch);
}

/** Encodes `a` then `b` back to back into the scratch buffer; lengths in firstLength, secondLength. */
function encodeArgs(a: string, b: string): usize {
  firstLength = <usize>String.UTF8.byteLength(a);
  secondLength = <usize>String.UTF8.byteLength(b);
  const at = scratchOf(firstLength + secondLength);
  String.UTF8.encodeUnsafe(changetype<usize>(a), a.length, at);
  String.UTF8.encodeUnsafe(changetype<usize>(b), b.length, at + firstLength);
  return at;
}

/** Encodes `a` then the decimal digits of `n` (≥ 0) into the scratch buffer; lengths as encodeArgs. */
function encodeWithNumber(a: string, n: i64): usize {
  firstLength = <usize>String.UTF8.byteLength(a);
  let digits: usize = 1;
  for (let v = n; v >= 10; v /= 10) digits++;
  secondLength = digits;
  const at = scratchOf(firstLength + digits);
  String.UTF8.encodeUnsafe(changetype<usize>(a), a.length, at);
  let v = n;
  for (let i = <isize>digits - 1; i >= 0; i--) {
    store<u8>(at + firstLength + <usize>i, <u8>(0x30 + <i32>(v % 10)));
    v /= 10;
  }
  return at;
}

/** A property such as "xds\0route_name" (segments joined by NUL), or null when the host has none. */
export function getProperty(path: string): ArrayBuffer | null {
  const key = encodeArgs(path, "");
  clearReturned();
  const status = imports.proxy_get_property(key, firstLength, RETURNED, RETURNED + 4);
  const value = takeReturned();
  if (status != WasmResultValues.Ok) return null;
  return value;
}

export function getPropertyString(path: string): string {
  const value = getProperty(path);
  if (value === null) return "";
  return String.UTF8.decode(value);
}

/** Every request header, with one host call (empty once the headers went upstream). */
export function requestHeaders(): HeaderPairs {
  return headerPairs(HeaderMapTypeValues.RequestHeaders);
}

/** Every response header, with one host call. */
export function responseHeaders(): HeaderPairs {
  return headerPairs(HeaderMapTypeValues.ResponseHeaders);
}

function headerPairs(map: HeaderMapTypeValues): HeaderPairs {
  clearReturned();
  const status = imports.proxy_get_header_map_pairs(map, RETURNED, RETURNED + 4);
  const data = takeReturned();
  if (status != WasmResultValues.Ok) return new HeaderPairs(new ArrayBuffer(0));
  return new HeaderPairs(data);
}

/** A request header's value, or null when absent. */
export function getRequestHeader(name: string): string | null {
  return getHeader(HeaderMapTypeValues.RequestHeaders, name);
}

export function getResponseHeader(name: string): string | null {
  return getHeader(HeaderMapTypeValues.ResponseHeaders, name);
}

function getHeader(map: HeaderMapTypeValues, name: string): string | null {
  const key = encodeArgs(name, "");
  clearReturned();
  const status = imports.proxy_get_header_map_value(map, key, firstLength, RETURNED, RETURNED + 4);
  const value = takeReturned();
  if (status != WasmResultValues.Ok) return null;
  return String.UTF8.decode(value);
}

export function setRequestHeader(name: string, value: string): bool {
  return replaceHeader(HeaderMapTypeValues.RequestHeaders, name, value);
}

export function setResponseHeader(name: string, value: string): bool {
  return replaceHeader(HeaderMapTypeValues.ResponseHeaders, name, value);
}

export function removeRequestHeader(name: string): bool {
  return removeHeader(HeaderMapTypeValues.RequestHeaders, name);
}

export function removeResponseHeader(name: string): bool {
  return removeHeader(HeaderMapTypeValues.ResponseHeaders, name);
}

function replaceHeader(map: HeaderMapTypeValues, name: string, value: string): bool {
  const at = encodeArgs(name, value);
  return imports.proxy_replace_header_map_value(map, at, firstLength, at + firstLength, secondLength) == WasmResultValues.Ok;
}

function removeHeader(map: HeaderMapTypeValues, name: string): bool {
  const at = encodeArgs(name, "");
  return imports.proxy_remove_header_map_value(map, at, firstLength) == WasmResultValues.Ok;
}

/** The plugin configuration bytes; readable only inside proxy_on_configure. */
export function pluginConfiguration(size: u32): Uint8Array {
  if (size == 0) return new Uint8Array(0);
  return copyOf(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, size));
}

/**
 * The current body buffer (the chunk, or everything buffered so far). The
 * bytes stay where the host wrote them (in a buffer it got from our malloc):
 * no copy.
 */
export function readBody(bufferType: BufferTypeValues, size: u32): Uint8Array {
  if (size == 0) return new Uint8Array(0);
  clearReturned();
  const status = imports.proxy_get_buffer_bytes(bufferType, 0, size, RETURNED, RETURNED + 4);
  const data = takeReturned();
  if (status != WasmResultValues.Ok) return new Uint8Array(0);
  return Uint8Array.wrap(data);
}

/** Replaces the whole current body buffer (the chunk, or the buffered body) with `body`'s first `length` bytes (all when -1). */
export function replaceBody(bufferType: BufferTypeValues, body: Uint8Array, length: i32 = -1): bool {
  const n = length < 0 ? body.length : length;
  // start 0 with a length of at least the buffer's size means "replace all".
  return proxy_set_buffer_bytes(bufferType, 0, u32.MAX_VALUE, body.dataStart, n) == WasmResultValues.Ok;
}

/**
 * Starts an http_call from the root context on behalf of `origin`; the reply
 * reaches `callback` with `origin` as its effective context. `headers` is flat
 * [name, value…] and must include :method, :path and :authority.
 */
export function dispatchHttpCall(origin: Context, cluster: string, headers: Array<string>, body: string, timeoutMs: u32,
  callback: (origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32) => void): bool {
  const pairs = new Array<HeaderPair>(0);
  for (let i = 0; i + 1 < headers.length; i += 2) {
    pairs.push(new HeaderPair(String.UTF8.encode(headers[i]), String.UTF8.encode(headers[i + 1])));
  }
  const result = origin.root_context.httpCall(cluster, pairs, String.UTF8.encode(body), new Array<HeaderPair>(0),
    timeoutMs, origin, callback);
  return result == WasmResultValues.Ok;
}

/** The :status of the http_call reply being delivered; 0 when the call failed (no headers). */
export function httpCallStatus(headerCount: u32): i32 {
  if (headerCount == 0) return 0;
  const status = getHeader(HeaderMapTypeValues.HttpCallResponseHeaders, ":status");
  if (status === null) return 0;
  return I32.parseInt(status);
}

/** The body of the http_call reply being delivered. */
export function httpCallBody(size: u32): Uint8Array {
  return readBody(BufferTypeValues.HttpCallResponseBody, size);
}

export function continueRequest(): void {
  continue_request();
}

export function continueResponse(): void {
  continue_response();
}

/** Ends the stream with a local reply; Envoy ignores the current callback's return value afterwards. */
export function sendLocalReply(status: u32, details: string, body: string, contentType: string): void {
  const headers = new Array<HeaderPair>(0);
  headers.push(new HeaderPair(String.UTF8.encode("content-type"), String.UTF8.encode(contentType)));
  send_local_response(status, details, String.UTF8.encode(body), headers, GrpcStatusValues.InvalidCode);
}

export function logInfo(message: string): void { log(LogLevelValues.info, message); }
export function logWarn(message: string): void { log(LogLevelValues.warn, message); }
export function logError(message: string): void { log(LogLevelValues.error, message); }

// ---- Metrics and filter state (usage, streaming: filter/usage/report.ts) ----

// Where proxy_define_metric writes the new metric's id.
const METRIC_ID = memory.data(4);
const METRIC_COUNTER: i32 = 0;

/** Defines a counter (Envoy names it "wasmcustom.<name>"); its id, or 0 when the host refused. */
export function defineCounter(name: string): u32 {
  const key = encodeArgs(name, "");
  store<u32>(METRIC_ID, 0);
  const status = imports.proxy_define_metric(METRIC_COUNTER, key, firstLength, METRIC_ID);
  if (status != WasmResultValues.Ok) return 0;
  return load<u32>(METRIC_ID);
}

/** Adds `by` (> 0; Envoy refuses 0 and negatives) to a counter. */
export function incrementCounter(id: u32, by: i64): bool {
  if (id == 0 || by <= 0) return false;
  return imports.proxy_increment_metric(id, by) == WasmResultValues.Ok;
}

/**
 * Sets a stream property. Envoy keeps it as filter state "wasm.<path>", which
 * access logs read as %FILTER_STATE(wasm.<path>:PLAIN)%.
 */
export function setFilterState(path: string, value: string): bool {
  const at = encodeArgs(path, value);
  return imports.proxy_set_property(at, firstLength, at + firstLength, secondLength) == WasmResultValues.Ok;
}

/** setFilterState with a whole, non-negative number (its decimal text). */
export function setFilterStateNumber(path: string, value: i64): bool {
  if (value < 0) return setFilterState(path, value.toString());
  const at = encodeWithNumber(path, value);
  return imports.proxy_set_property(at, firstLength, at + firstLength, secondLength) == WasmResultValues.Ok;
}
