// The functions a module imports from the host ("env", "wasi_unstable", "wasi_snapshot_preview1"):
// argument decoding, memory protocol and return codes as proxy-wasm-cpp-host's exports.cc does them.
// What each call means for a stream is up to the current (effective) context.

import { HEADER_MAP_TYPE_MAX, BUFFER_TYPE_MAX, STREAM_TYPE_MAX, LogLevel, WasmResult } from "./constants.ts";
import type { AbiContext } from "./context.ts";
import { MemoryFault } from "./errors.ts";
import { decodePairs, encodePairs } from "./header-map.ts";
import type { GuestMemory } from "./memory.ts";
import type { MetricStore } from "./metrics.ts";
import type { SharedData, SharedQueues } from "./shared-data.ts";
import type { HeaderPair } from "./header-map.ts";
import { toBytes } from "./memory.ts";

export interface HttpCallRequest {
  cluster: string;
  headers: HeaderPair[];
  body: Uint8Array;
  trailers: HeaderPair[];
  timeoutMs: number;
}

/** What the import functions need from the host. */
export interface ImportHost {
  readonly memory: GuestMemory;
  /** Throws (WasmAbort) when the module may not call this import now. */
  guard(importName: string): void;
  effectiveContext(): AbiContext;
  /** Returns false when no context has that id. */
  setEffectiveContext(id: number): boolean;
  log(level: number, message: string): void;
  readonly logLevel: number;
  /** proxy_send_local_response was called: the callback's return value will be ignored. */
  stopNextIteration(): void;
  httpCall(request: HttpCallRequest): { result: number; token: number };
  readonly metricStore: MetricStore;
  readonly sharedData: SharedData;
  readonly sharedQueues: SharedQueues;
  readonly vmId: string;
  queueReady(contextId: number, token: number): void;
  nowNs(): bigint;
  randomBytes(length: number): Uint8Array;
  readonly env: Readonly<Record<string, string>>;
  status(): { code: number; message: string };
  setTickPeriod(ms: number): number;
  done(): number;
  callForeign(name: string, args: Uint8Array): { result: number; data: Uint8Array | null };
  procExit(code: number): never;
}

type Fn = (...args: any[]) => any;

const WASI_ESUCCESS = 0;
const WASI_EBADF = 8;
const WASI_EFAULT = 21;
const WASI_ENOSYS = 52;
const WASI_ENOTSUP = 58;

/** Build the import object. Every function checks the host's guard first. */
export function createImports(host: ImportHost): Record<string, Record<string, Fn>> {
  const mem = () => host.memory;
  const ctx = () => host.effectiveContext();
  const str = (ptr: number, len: number) => mem().readString(ptr, len);

  const env: Record<string, Fn> = {
    proxy_log(level: number, ptr: number, size: number) {
      if (level >>> 0 > LogLevel.critical) return WasmResult.BadArgument;
      host.log(level, str(ptr, size));
      return WasmResult.Ok;
    },
    proxy_get_log_level(levelPtr: number) {
      mem().setU32(levelPtr, host.logLevel);
      return WasmResult.Ok;
    },
    proxy_get_status(codePtr: number, msgPtrPtr: number, msgSizePtr: number) {
      const status = host.status();
      mem().setU32(codePtr, status.code);
      mem().returnBytes(toBytes(status.message), msgPtrPtr, msgSizePtr);
      return WasmResult.Ok;
    },

    // -- properties
    proxy_get_property(pathPtr: number, pathSize: number, valuePtrPtr: number, valueSizePtr: number) {
      const value = ctx().getProperty(str(pathPtr, pathSize));
      if (!value) return WasmResult.NotFound;
      mem().returnBytes(value, valuePtrPtr, valueSizePtr);
      return WasmResult.Ok;
    },
    proxy_set_property(pathPtr: number, pathSize: number, valuePtr: number, valueSize: number) {
      return ctx().setProperty(str(pathPtr, pathSize), mem().read(valuePtr, valueSize));
    },

    // -- stream control
    proxy_continue_stream(type: number) {
      if (type >>> 0 > STREAM_TYPE_MAX) return WasmResult.BadArgument;
      return ctx().continueStream(type);
    },
    proxy_close_stream(type: number) {
      if (type >>> 0 > STREAM_TYPE_MAX) return WasmResult.BadArgument;
      return ctx().closeStream(type);
    },
    proxy_continue_request() {
      return ctx().continueStream(0);
    },
    proxy_continue_response() {
      return ctx().continueStream(1);
    },
    proxy_send_local_response(
      status: number, detailsPtr: number, detailsSize: number, bodyPtr: number, bodySize: number,
      headersPtr: number, headersSize: number, grpcStatus: number,
    ) {
      const details = str(detailsPtr, detailsSize);
      const body = mem().read(bodyPtr, bodySize);
      const headers = decodePairs(mem().read(headersPtr, headersSize));
      const grpc = grpcStatus >= 0 && grpcStatus <= 16 ? grpcStatus : null;
      ctx().sendLocalResponse({ status: status >>> 0, details, body, headers, grpcStatus: grpc });
      host.stopNextIteration();
      return WasmResult.Ok;
    },
    proxy_clear_route_cache() {
      ctx().clearRouteCache();
      return WasmResult.Ok;
    },

    // -- header maps
    proxy_get_header_map_value(type: number, keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const c = ctx();
      const key = str(keyPtr, keySize);
      const map = c.getConstMap(type);
      if (!map) return c.accessLogPhase ? WasmResult.NotFound : WasmResult.BadArgument;
      const value = map.get(key);
      if (value === undefined) return WasmResult.NotFound;
      mem().returnBytes(toBytes(value), valuePtrPtr, valueSizePtr);
      return WasmResult.Ok;
    },
    proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const pairs = ctx().getConstMap(type)?.pairs() ?? [];
      mem().returnBytes(pairs.length ? encodePairs(pairs) : new Uint8Array(0), ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
    proxy_get_header_map_size(type: number, sizePtr: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const map = ctx().getMap(type);
      if (!map) return WasmResult.BadArgument;
      mem().setU32(sizePtr, map.byteSize());
      return WasmResult.Ok;
    },
    proxy_set_header_map_pairs(type: number, ptr: number, size: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const pairs = decodePairs(mem().read(ptr, size));
      const c = ctx();
      const map = c.getMap(type);
      if (!map) return WasmResult.BadArgument;
      map.replaceAll(pairs);
      c.onHeadersModified(type);
      return WasmResult.Ok;
    },
    proxy_add_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const key = str(keyPtr, keySize);
      const value = str(valuePtr, valueSize);
      const c = ctx();
      const map = c.getMap(type);
      if (!map) return WasmResult.BadArgument;
      map.add(key, value);
      c.onHeadersModified(type);
      return WasmResult.Ok;
    },
    proxy_replace_header_map_value(type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const key = str(keyPtr, keySize);
      const value = str(valuePtr, valueSize);
      const c = ctx();
      const map = c.getMap(type);
      if (!map) return WasmResult.BadArgument;
      map.set(key, value);
      c.onHeadersModified(type);
      return WasmResult.Ok;
    },
    proxy_remove_header_map_value(type: number, keyPtr: number, keySize: number) {
      if (type >>> 0 > HEADER_MAP_TYPE_MAX) return WasmResult.BadArgument;
      const key = str(keyPtr, keySize);
      const c = ctx();
      const map = c.getMap(type);
      if (!map) return WasmResult.BadArgument;
      map.remove(key);
      c.onHeadersModified(type);
      return WasmResult.Ok;
    },

    // -- buffers
    proxy_get_buffer_bytes(type: number, start: number, length: number, ptrPtr: number, sizePtr: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return WasmResult.BadArgument;
      const buffer = ctx().getBuffer(type);
      if (!buffer) return WasmResult.NotFound;
      start >>>= 0;
      length >>>= 0;
      const size = buffer.size();
      if (start > size) return WasmResult.BadArgument;
      if (start + length > size) length = size - start;
      // Envoy returns Ok without touching ptrPtr/sizePtr when there is nothing to copy.
      if (length > 0) mem().returnBytes(buffer.read(start, length), ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
    proxy_get_buffer_status(type: number, lengthPtr: number, flagsPtr: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return WasmResult.BadArgument;
      const buffer = ctx().getBuffer(type);
      if (!buffer) return WasmResult.NotFound;
      mem().setU32(lengthPtr, buffer.size());
      mem().setU32(flagsPtr, 0); // Envoy never sets EndOfStream here
      return WasmResult.Ok;
    },
    proxy_set_buffer_bytes(type: number, start: number, length: number, dataPtr: number, dataSize: number) {
      if (type >>> 0 > BUFFER_TYPE_MAX) return WasmResult.BadArgument;
      const buffer = ctx().getBuffer(type);
      if (!buffer) return WasmResult.NotFound;
      return buffer.write(start >>> 0, length >>> 0, mem().read(dataPtr, dataSize));
    },

    // -- http calls (always owned by the root context)
    proxy_http_call(
      uriPtr: number, uriSize: number, headersPtr: number, headersSize: number, bodyPtr: number, bodySize: number,
      trailersPtr: number, trailersSize: number, timeoutMs: number, tokenPtr: number,
    ) {
      const request: HttpCallRequest = {
        cluster: str(uriPtr, uriSize),
        headers: decodePairs(mem().read(headersPtr, headersSize)),
        body: mem().read(bodyPtr, bodySize),
        trailers: decodePairs(mem().read(trailersPtr, trailersSize)),
        timeoutMs,
      };
      mem().setU32(tokenPtr, 0);
      const { result, token } = host.httpCall(request);
      mem().setU32(tokenPtr, token);
      return result;
    },

    // -- metrics
    proxy_define_metric(type: number, namePtr: number, nameSize: number, idPtr: number) {
      const { result, id } = host.metricStore.define(type >>> 0, str(namePtr, nameSize));
      if (result !== WasmResult.Ok) return result;
      mem().setU32(idPtr, id);
      return WasmResult.Ok;
    },
    proxy_increment_metric(id: number, offset: bigint) {
      return host.metricStore.increment(id >>> 0, BigInt.asIntN(64, BigInt(offset)));
    },
    proxy_record_metric(id: number, value: bigint) {
      return host.metricStore.record(id >>> 0, BigInt(value));
    },
    proxy_get_metric(id: number, resultPtr: number) {
      const { result, value } = host.metricStore.get(id >>> 0);
      if (result !== WasmResult.Ok) return result;
      mem().setU64(resultPtr, value);
      return WasmResult.Ok;
    },

    // -- shared data and queues
    proxy_get_shared_data(keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number, casPtr: number) {
      const entry = host.sharedData.get(str(keyPtr, keySize));
      if (!entry) return WasmResult.NotFound;
      mem().returnBytes(entry.value, valuePtrPtr, valueSizePtr);
      mem().setU32(casPtr, entry.cas);
      return WasmResult.Ok;
    },
    proxy_set_shared_data(keyPtr: number, keySize: number, valuePtr: number, valueSize: number, cas: number) {
      return host.sharedData.set(str(keyPtr, keySize), mem().read(valuePtr, valueSize), cas >>> 0);
    },
    proxy_register_shared_queue(namePtr: number, nameSize: number, tokenPtr: number) {
      const c = ctx();
      const owner = c.rootContextId || c.id;
      const token = host.sharedQueues.register(host.vmId, str(namePtr, nameSize), owner);
      mem().setU32(tokenPtr, token);
      return WasmResult.Ok;
    },
    proxy_resolve_shared_queue(vmIdPtr: number, vmIdSize: number, namePtr: number, nameSize: number, tokenPtr: number) {
      const token = host.sharedQueues.resolve(str(vmIdPtr, vmIdSize), str(namePtr, nameSize));
      if (token === null) return WasmResult.NotFound;
      mem().setU32(tokenPtr, token);
      return WasmResult.Ok;
    },
    proxy_enqueue_shared_queue(token: number, dataPtr: number, dataSize: number) {
      const notify = host.sharedQueues.enqueue(token >>> 0, mem().read(dataPtr, dataSize));
      if (notify === null) return WasmResult.NotFound;
      host.queueReady(notify, token >>> 0);
      return WasmResult.Ok;
    },
    proxy_dequeue_shared_queue(token: number, dataPtrPtr: number, dataSizePtr: number) {
      const { result, data } = host.sharedQueues.dequeue(token >>> 0);
      if (result !== WasmResult.Ok) return result;
      mem().returnBytes(data, dataPtrPtr, dataSizePtr);
      return WasmResult.Ok;
    },

    // -- gRPC: not modelled
    proxy_grpc_call: () => WasmResult.Unimplemented,
    proxy_grpc_stream: () => WasmResult.Unimplemented,
    proxy_grpc_cancel: () => WasmResult.Unimplemented,
    proxy_grpc_close: () => WasmResult.Unimplemented,
    proxy_grpc_send: () => WasmResult.Unimplemented,

    // -- time, timers, system
    proxy_get_current_time_nanoseconds(resultPtr: number) {
      mem().setU64(resultPtr, host.nowNs());
      return WasmResult.Ok;
    },
    proxy_set_tick_period_milliseconds(ms: number) {
      return host.setTickPeriod(ms >>> 0);
    },
    proxy_set_effective_context(id: number) {
      return host.setEffectiveContext(id >>> 0) ? WasmResult.Ok : WasmResult.BadArgument;
    },
    proxy_done() {
      return host.done();
    },
    proxy_call_foreign_function(namePtr: number, nameSize: number, argsPtr: number, argsSize: number, resultsPtr: number, resultsSizePtr: number) {
      const { result, data } = host.callForeign(str(namePtr, nameSize), mem().read(argsPtr, argsSize));
      if (data) {
        const ptr = resultsPtr >>> 0 && data.length ? mem().alloc(data) : 0;
        if (resultsPtr >>> 0) mem().setU32(resultsPtr, ptr);
        if (resultsSizePtr >>> 0) mem().setU32(resultsSizePtr, data.length);
      }
      return result;
    },

    // -- emscripten leftovers Envoy also provides
    pthread_equal: (a: number, b: number) => (a === b ? 1 : 0),
    emscripten_notify_memory_growth: () => {},
  };
  // The proxy-wasm spec's name for proxy_http_call. Envoy does not provide it (see envoy-imports.ts).
  env.proxy_dispatch_http_call = env.proxy_http_call;

  const wasi: Record<string, Fn> = {
    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) {
      if (fd !== 1 && fd !== 2) return WASI_EBADF;
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < iovsLen >>> 0; i++) {
        const base = (iovs >>> 0) + i * 8;
        const ptr = mem().getU32(base);
        const len = mem().getU32(base + 4);
        if (len) chunks.push(mem().read(ptr, len));
      }
      let text = Buffer.concat(chunks).toString("utf8");
      const written = Buffer.byteLength(text);
      if (written) {
        if (text.endsWith("\n")) text = text.slice(0, -1);
        host.log(fd === 1 ? LogLevel.info : LogLevel.error, text);
      }
      mem().setU32(nwrittenPtr, written);
      return WASI_ESUCCESS;
    },
    fd_read: () => WASI_ENOSYS,
    fd_seek: () => WASI_ESUCCESS,
    fd_close: () => WASI_ESUCCESS,
    fd_fdstat_get(fd: number, statPtr: number) {
      if (fd !== 1 && fd !== 2) return WASI_EBADF;
      const stat = new Uint8Array(24);
      new DataView(stat.buffer).setBigUint64(8, 64n, true); // fs_rights_base = FD_WRITE
      mem().write(statPtr, stat);
      return WASI_ESUCCESS;
    },
    environ_sizes_get(countPtr: number, sizePtr: number) {
      const entries = Object.entries(host.env);
      mem().setU32(countPtr, entries.length);
      mem().setU32(sizePtr, entries.reduce((n, [k, v]) => n + toBytes(k).length + toBytes(v).length + 2, 0));
      return WASI_ESUCCESS;
    },
    environ_get(arrayPtr: number, bufPtr: number) {
      let array = arrayPtr >>> 0;
      let buf = bufPtr >>> 0;
      for (const [k, v] of Object.entries(host.env)) {
        const data = toBytes(`${k}=${v}\0`);
        mem().setU32(array, buf);
        mem().write(buf, data);
        array += 4;
        buf += data.length;
      }
      return WASI_ESUCCESS;
    },
    args_sizes_get(argcPtr: number, sizePtr: number) {
      mem().setU32(argcPtr, 0);
      mem().setU32(sizePtr, 0);
      return WASI_ESUCCESS;
    },
    args_get: () => WASI_ESUCCESS,
    clock_time_get(clockId: number, _precision: bigint, resultPtr: number) {
      if (clockId !== 0) return WASI_ENOTSUP; // Envoy serves only the realtime clock
      mem().setU64(resultPtr, host.nowNs());
      return WASI_ESUCCESS;
    },
    random_get(bufPtr: number, len: number) {
      mem().write(bufPtr, host.randomBytes(len >>> 0));
      return WASI_ESUCCESS;
    },
    proc_exit(code: number) {
      host.procExit(code);
    },
    path_open: () => WASI_EBADF,
    fd_prestat_get: () => WASI_EBADF,
    fd_prestat_dir_name: () => WASI_EBADF,
    // Not provided by Envoy; only reachable with strictImports: false.
    sched_yield: () => WASI_ESUCCESS,
  };

  const guarded = (module: string, fns: Record<string, Fn>, faultCode: number) =>
    Object.fromEntries(
      Object.entries(fns).map(([name, fn]) => [
        name,
        (...args: unknown[]) => {
          host.guard(`${module}.${name}`);
          try {
            return fn(...args);
          } catch (e) {
            if (e instanceof MemoryFault) return faultCode;
            throw e;
          }
        },
      ]),
    );

  return {
    env: guarded("env", env, WasmResult.InvalidMemoryAccess),
    wasi_unstable: guarded("wasi_unstable", wasi, WASI_EFAULT),
    wasi_snapshot_preview1: guarded("wasi_snapshot_preview1", wasi, WASI_EFAULT),
  };
}
