// ProxyWasmHost: loads a proxy-wasm module and runs it the way Envoy's Wasm HTTP filter does
// (proxy-wasm-cpp-host lifecycle), with a deterministic clock, recorded logs, metrics and http calls.

import { readFile, stat } from "node:fs/promises";
import { BaseContext, RootContextState, type AbiContext, type HttpCallResponseData } from "./context.ts";
import { DEFAULT_BUFFER_LIMIT, LOG_LEVEL_NAMES, LogLevel, WasmResult, type LogLevelName } from "./constants.ts";
import { abiVersionOf, envoyImportsFor, type AbiVersion } from "./envoy-imports.ts";
import { WasmAbort, WasmLoadError } from "./errors.ts";
import { HeaderMap, type HeadersInit } from "./header-map.ts";
import { createImports, type HttpCallRequest, type ImportHost } from "./imports.ts";
import { bytesToText, GuestMemory, toBytes } from "./memory.ts";
import { MetricStore } from "./metrics.ts";
import { SharedData, SharedQueues } from "./shared-data.ts";
import { HttpStream, propertyBytes, type PropertyMap, type StreamHost } from "./stream.ts";

export interface HostOptions {
  /** The plugin configuration (Envoy's PluginConfig.configuration), readable in on_configure. */
  pluginConfig: string | Uint8Array;
  /** PluginConfig.root_id; served as property plugin_root_id. Default "weir". */
  rootId?: string;
  /** VmConfig.configuration, readable through buffer type 6. Default empty. */
  vmConfig?: string | Uint8Array;
  /** VmConfig.vm_id (property plugin_vm_id, shared-queue namespace). Default "". */
  vmId?: string;
  /** PluginConfig.name (property plugin_name). Default: rootId. */
  pluginName?: string;
  /** Properties every context can read, e.g. node metadata. Paths use "\0" between segments. */
  properties?: PropertyMap;
  /** Cluster names http_call may target. Default: any name is accepted. */
  clusters?: string[];
  /** PluginConfig.allow_on_headers_stop_iteration. Default false, as in Envoy. */
  allowOnHeadersStopIteration?: boolean;
  /** Stream buffer limit (per_connection_buffer_limit_bytes). Default 1 MiB, Envoy's default. */
  bufferLimitBytes?: number;
  /** Refuse modules that import what Envoy does not provide (Envoy refuses them). Default true. */
  strictImports?: boolean;
  /** More import modules, for instrumented builds (e.g. AssemblyScript's rtrace); implies strictImports false for them. */
  extraImports?: Record<string, Record<string, (...args: number[]) => unknown>>;
  /** What proxy_get_log_level reports. Default info (2), Envoy's default. */
  logLevel?: LogLevelName | number;
  /** Start of the deterministic clock, ms since the epoch. Default 1_700_000_000_000. */
  startTimeMs?: number;
  /** Seed of the deterministic random_get. */
  seed?: number;
  /** VmConfig.environment_variables (WASI environ). */
  env?: Record<string, string>;
  /** Extra foreign functions for proxy_call_foreign_function: return the result bytes or a WasmResult. */
  foreignFunctions?: Record<string, (args: Uint8Array) => Uint8Array | number>;
  /** Called for every log line as it is written. */
  onLog?: (entry: LogEntry) => void;
}

export interface LogEntry {
  level: number;
  levelName: LogLevelName;
  message: string;
  /** Context that was effective when the module logged (0: VM, 1: root, ≥2: streams). */
  contextId: number;
}

export interface TraceEntry {
  contextId: number;
  callback: string;
  args: number[];
  /** Raw value the module returned (undefined for void callbacks or when not exported). */
  result?: number;
  /** The status after Envoy's conversion (headers/body/trailers callbacks). */
  status?: number;
}

export interface HttpCallReply {
  /** Used for :status when headers lack it. Default 200. */
  status?: number;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  trailers?: HeadersInit;
}

export interface HttpCall {
  token: number;
  cluster: string;
  headers: HeaderMap;
  body: Uint8Array;
  bodyText: string;
  trailers: HeaderMap;
  timeoutMs: number;
  /** The context that was effective when the module called (the callback goes to the root). */
  calledFrom: number;
  state: "pending" | "answered" | "failed";
}

const START_ALLOWED = new Set([
  "env.proxy_log",
  ...["fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get", "fd_prestat_get",
    "fd_prestat_dir_name", "clock_time_get", "random_get"].flatMap((n) => [`wasi_unstable.${n}`, `wasi_snapshot_preview1.${n}`]),
]);

/** Milliseconds (fractions allowed) to nanoseconds, exact for epoch-sized values. */
function msToNanos(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1_000_000));
}

const moduleCache = new Map<string, { key: string; module: WebAssembly.Module }>();

async function compile(wasm: string | Uint8Array | WebAssembly.Module): Promise<WebAssembly.Module> {
  if (wasm instanceof WebAssembly.Module) return wasm;
  if (typeof wasm !== "string") return WebAssembly.compile(new Uint8Array(wasm));
  const info = await stat(wasm);
  const key = `${info.mtimeMs}:${info.size}`;
  const cached = moduleCache.get(wasm);
  if (cached?.key === key) return cached.module;
  const module = await WebAssembly.compile(await readFile(wasm));
  moduleCache.set(wasm, { key, module });
  return module;
}

export class ProxyWasmHost implements ImportHost, StreamHost {
  /** Id of the plugin's root context. */
  readonly rootContextId = 1;
  readonly rootId: string;
  readonly vmId: string;
  readonly pluginName: string;
  readonly vmConfig: Uint8Array;
  pluginConfig: Uint8Array;
  readonly allowOnHeadersStopIteration: boolean;
  readonly bufferLimit: number;
  readonly logLevel: number;
  readonly env: Readonly<Record<string, string>>;

  /** Result of the last proxy_on_configure. Streams are refused while false. */
  configured = false;
  /** Set once the module aborted or trapped; every later call throws it again. */
  failed: WasmAbort | null = null;
  readonly logs: LogEntry[] = [];
  lastCriticalLog: string | null = null;
  /** Every callback the host made, in order. */
  readonly trace: TraceEntry[] = [];
  /** Notes about calls Envoy would ASSERT on or ignore. */
  readonly warnings: string[] = [];
  /** Every http_call the module dispatched, in order. */
  readonly httpCalls: HttpCall[] = [];
  readonly metricStore = new MetricStore();
  readonly sharedData = new SharedData();
  readonly sharedQueues = new SharedQueues();

  private readonly properties: Map<string, Uint8Array>;
  private readonly clusters: Set<string> | null;
  private readonly foreignFunctions: Record<string, (args: Uint8Array) => Uint8Array | number>;
  private readonly onLogCallback?: (entry: LogEntry) => void;
  private instance!: WebAssembly.Instance;
  private guestMemory: GuestMemory | null = null;
  private phase: "instantiate" | "start" | "running" = "instantiate";
  private readonly contexts = new Map<number, AbiContext>();
  private readonly root: RootContextState;
  private nextContextId = 2;
  private readonly callStack: { context: AbiContext; callback: string; savedEffective: number }[] = [];
  private effectiveContextId = 0;
  private stopNext = false;
  private readonly afterVmActions: (() => void)[] = [];
  private pluginConfigReadable = false;
  private currentHttpCallResponse: HttpCallResponseData | null = null;
  private currentStatus = { code: 0, message: "" };
  private nextHttpCallToken = 1;
  private nowNanos: bigint;
  private nextTickNanos: bigint | null = null;
  private rng: number;

  private constructor(readonly module: WebAssembly.Module, readonly abiVersion: AbiVersion, options: HostOptions) {
    this.rootId = options.rootId ?? "weir";
    this.vmId = options.vmId ?? "";
    this.pluginName = options.pluginName ?? this.rootId;
    this.vmConfig = toBytes(options.vmConfig ?? "");
    this.pluginConfig = toBytes(options.pluginConfig);
    this.allowOnHeadersStopIteration = options.allowOnHeadersStopIteration ?? false;
    this.bufferLimit = options.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT;
    this.logLevel = typeof options.logLevel === "string" ? LogLevel[options.logLevel] : (options.logLevel ?? LogLevel.info);
    this.env = { ...(options.env ?? {}) };
    this.properties = new Map(Object.entries(options.properties ?? {}).map(([k, v]) => [k, propertyBytes(v)]));
    this.clusters = options.clusters ? new Set(options.clusters) : null;
    this.foreignFunctions = options.foreignFunctions ?? {};
    this.onLogCallback = options.onLog;
    this.nowNanos = BigInt(options.startTimeMs ?? 1_700_000_000_000) * 1_000_000n;
    this.rng = (options.seed ?? 0x9e3779b9) >>> 0 || 1;
    this.contexts.set(0, new BaseContext(this, 0, 0));
    this.root = new RootContextState(this, this.rootContextId);
    this.contexts.set(this.rootContextId, this.root);
  }

  /**
   * Load a module as Envoy does: check its ABI version and imports, instantiate, run _initialize
   * (+ main) or _start, create the root context (proxy_on_context_create(1, 0)), proxy_on_vm_start,
   * then proxy_on_configure; its result is in `configured`.
   */
  static async load(wasm: string | Uint8Array | WebAssembly.Module, options: HostOptions): Promise<ProxyWasmHost> {
    const module = await compile(wasm);
    const abi = abiVersionOf(module);
    if (!abi) throw new WasmLoadError("Missing or unknown Proxy-Wasm ABI version (no proxy_abi_version_0_2_x export)");
    if (abi === "0.1.0") throw new WasmLoadError("proxy-wasm ABI 0.1.0 is not modelled by this host");
    const host = new ProxyWasmHost(module, abi, options);
    const imports = { ...createImports(host), ...(options.extraImports ?? {}) } as ReturnType<typeof createImports>;
    const allowed = envoyImportsFor(abi);
    for (const imp of WebAssembly.Module.imports(module)) {
      const name = `${imp.module}.${imp.name}`;
      if (imp.kind !== "function" || !imports[imp.module]?.[imp.name]) {
        throw new WasmLoadError(`Failed to load Wasm module due to a missing import: ${name} (${imp.kind})`);
      }
      if ((options.strictImports ?? true) && !allowed.has(name) && !options.extraImports?.[imp.module]) {
        throw new WasmLoadError(`Envoy does not provide ${name} to ABI ${abi} modules: it would refuse to load this module`);
      }
    }
    await host.start(imports);
    return host;
  }

  // ------------------------------------------------------------------ lifecycle

  private async start(imports: Record<string, Record<string, (...args: any[]) => any>>): Promise<void> {
    try {
      this.instance = await WebAssembly.instantiate(this.module, imports);
    } catch (e) {
      throw this.fail(e, "instantiate");
    }
    const exports = this.instance.exports;
    const memory = exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new WasmLoadError("Wasm module does not export its memory");
    const malloc = (exports.malloc ?? exports.proxy_on_memory_allocate) as ((n: number) => number) | undefined;
    if (typeof malloc !== "function") throw new WasmLoadError("Wasm module is missing malloc function.");
    this.guestMemory = new GuestMemory(memory, (n) => this.callMalloc(malloc, n));

    this.phase = "start";
    if (typeof exports._initialize === "function") {
      this.callIn("_initialize", 0, []);
      if (typeof exports.main === "function") this.callIn("main", 0, [0, 0]);
    } else if (typeof exports._start === "function") {
      this.callIn("_start", 0, []);
    }
    this.phase = "running";

    this.pluginConfigReadable = true; // Envoy sets temp_plugin_ while creating the root context
    try {
      this.callIn("proxy_on_context_create", this.rootContextId, [this.rootContextId, 0]);
    } finally {
      this.pluginConfigReadable = false;
    }
    const started = this.callIn("proxy_on_vm_start", this.rootContextId, [this.rootContextId, this.vmConfig.length], (raw) => raw ?? 1);
    if (started === 0) throw new WasmLoadError("proxy_on_vm_start returned false: Envoy would fail to start the VM");
    this.configure();
  }

  /** Run proxy_on_configure (optionally with a new configuration); returns what the module returned. */
  configure(pluginConfig?: string | Uint8Array): boolean {
    if (pluginConfig !== undefined) this.pluginConfig = toBytes(pluginConfig);
    this.pluginConfigReadable = true;
    try {
      const result = this.callIn("proxy_on_configure", this.rootContextId, [this.rootContextId, this.pluginConfig.length], (raw) => raw ?? 1);
      this.configured = result !== 0;
    } finally {
      this.pluginConfigReadable = false;
    }
    return this.configured;
  }

  /** A new HTTP stream through this filter (its context is created at request headers). */
  newStream(options: { properties?: PropertyMap } = {}): HttpStream {
    if (this.failed) throw this.failed;
    if (!this.configured) throw new Error("proxy_on_configure returned false: Envoy would reject this plugin configuration");
    const stream = new HttpStream(this, this.nextContextId++, options.properties);
    this.contexts.set(stream.id, stream);
    return stream;
  }

  // ------------------------------------------------------------------ calling the module

  /** @internal Call an export on a context; see StreamHost.callIn. */
  callIn(exportName: string, contextId: number, args: number[], convert?: (raw: number | undefined, stopped: boolean) => number): number {
    if (this.failed) throw this.failed;
    const fn = this.instance.exports[exportName];
    const context = this.contexts.get(contextId);
    if (!context) throw new Error(`no context ${contextId}`);
    const entry: TraceEntry = { contextId, callback: exportName, args };
    this.trace.push(entry);
    let raw: number | undefined;
    if (typeof fn === "function") {
      this.callStack.push({ context, callback: exportName, savedEffective: this.effectiveContextId });
      this.effectiveContextId = 0;
      try {
        const r = (fn as (...a: number[]) => unknown)(...args);
        raw = typeof r === "number" ? r >>> 0 : typeof r === "bigint" ? Number(r) : undefined;
      } catch (e) {
        throw this.fail(e, exportName);
      } finally {
        this.effectiveContextId = this.callStack.pop()!.savedEffective;
      }
    }
    const stopped = this.stopNext;
    this.stopNext = false;
    const status = convert ? convert(raw, stopped) : (raw ?? 0);
    entry.result = raw;
    if (convert) entry.status = status;
    this.drainAfterVmActions();
    return status;
  }

  private callMalloc(malloc: (n: number) => number, size: number): number {
    try {
      return malloc(size);
    } catch (e) {
      throw this.fail(e, "malloc");
    }
  }

  private fail(e: unknown, during: string): Error {
    if (e instanceof WasmAbort) {
      this.failed ??= e;
      return e;
    }
    if (e instanceof WasmLoadError) return e;
    if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) return new WasmLoadError(e.message, { cause: e });
    const reason = e instanceof Error ? e.message : String(e);
    const critical = this.lastCriticalLog;
    const abort = new WasmAbort(
      `wasm ${e instanceof WebAssembly.RuntimeError ? "trap" : "host error"} during ${during}: ${reason}` +
        (critical ? ` (last critical log: ${critical})` : ""),
      "trap", during, critical, undefined, { cause: e },
    );
    this.failed = abort;
    return abort;
  }

  /** @internal */
  afterVmCall(action: () => void): void {
    this.afterVmActions.push(action);
  }

  /** Envoy's DeferAfterCallActions: queued actions run once the VM call returned (FIFO). */
  private drainAfterVmActions(): void {
    while (this.afterVmActions.length && this.callStack.length === 0) {
      this.afterVmActions.shift()!();
    }
  }

  // ------------------------------------------------------------------ http calls

  /** Calls still waiting for respondHttpCall / failHttpCall. */
  get pendingHttpCalls(): HttpCall[] {
    return this.httpCalls.filter((c) => c.state === "pending");
  }

  /** Answer an http_call: proxy_on_http_call_response(root, token, headers, body size, trailers). */
  respondHttpCall(token: number, reply: HttpCallReply = {}): void {
    const call = this.pendingCall(token);
    const headers = HeaderMap.from(reply.headers);
    if (!headers.has(":status")) headers.add(":status", String(reply.status ?? 200));
    const body = toBytes(reply.body ?? "");
    const trailers = reply.trailers ? HeaderMap.from(reply.trailers) : null;
    call.state = "answered";
    this.currentHttpCallResponse = { headers, body, trailers };
    this.afterVmCall(() => (this.currentHttpCallResponse = null)); // Envoy drops it right after the call
    try {
      this.callIn("proxy_on_http_call_response", this.rootContextId, [this.rootContextId, token, headers.size, body.length, trailers?.size ?? 0]);
    } finally {
      this.currentHttpCallResponse = null;
    }
  }

  /** The call failed (reset / no upstream): Envoy calls back with zero headers, body and trailers. */
  failHttpCall(token: number): void {
    const call = this.pendingCall(token);
    call.state = "failed";
    this.currentStatus = { code: WasmResult.BrokenConnection, message: "reset" };
    this.afterVmCall(() => (this.currentStatus = { code: 0, message: "" }));
    try {
      this.callIn("proxy_on_http_call_response", this.rootContextId, [this.rootContextId, token, 0, 0, 0]);
    } finally {
      this.currentStatus = { code: 0, message: "" };
    }
  }

  /** The call timed out: Envoy's async client answers 504 "upstream request timeout". */
  timeoutHttpCall(token: number): void {
    const body = "upstream request timeout";
    this.respondHttpCall(token, {
      headers: [[":status", "504"], ["content-length", String(body.length)], ["content-type", "text/plain"]],
      body,
    });
  }

  private pendingCall(token: number): HttpCall {
    const call = this.httpCalls.find((c) => c.token === token);
    if (!call) throw new Error(`no http call with token ${token}`);
    if (call.state !== "pending") throw new Error(`http call ${token} was already ${call.state}`);
    return call;
  }

  /** @internal proxy_http_call: validated as Envoy's Context::httpCall. */
  httpCall(request: HttpCallRequest): { result: number; token: number } {
    if (request.timeoutMs < 0) return { result: WasmResult.BadArgument, token: 0 };
    if (this.clusters && !this.clusters.has(request.cluster)) return { result: WasmResult.BadArgument, token: 0 };
    const headers = HeaderMap.from(request.headers);
    if (!headers.has(":path") || !headers.has(":method") || !headers.has(":authority")) {
      return { result: WasmResult.BadArgument, token: 0 };
    }
    if (request.body.length) headers.set("content-length", String(request.body.length));
    const token = this.nextHttpCallToken++;
    this.httpCalls.push({
      token,
      cluster: request.cluster,
      headers,
      body: request.body,
      bodyText: bytesToText(request.body),
      trailers: HeaderMap.from(request.trailers),
      timeoutMs: request.timeoutMs,
      calledFrom: this.effectiveContext().id,
      state: "pending",
    });
    return { result: WasmResult.Ok, token };
  }

  // ------------------------------------------------------------------ time

  /** Deterministic clock, ms since the epoch. */
  get nowMs(): number {
    return Number(this.nowNanos / 1_000_000n);
  }

  setTime(ms: number | Date): void {
    this.nowNanos = msToNanos(typeof ms === "number" ? ms : ms.getTime());
  }

  /** Move the clock forward, calling proxy_on_tick for every tick period that elapses. */
  advanceTime(ms: number): void {
    const target = this.nowNanos + msToNanos(ms);
    while (this.nextTickNanos !== null && this.nextTickNanos <= target) {
      this.nowNanos = this.nextTickNanos;
      this.nextTickNanos += BigInt(this.root.tickPeriodMs) * 1_000_000n;
      this.tick();
    }
    this.nowNanos = target;
  }

  /** proxy_on_tick on the root context. */
  tick(): void {
    this.callIn("proxy_on_tick", this.rootContextId, [this.rootContextId]);
  }

  // ------------------------------------------------------------------ logs and metrics

  /** Counter and gauge values by the name the module defined them with. */
  get metrics(): Map<string, number> {
    return this.metricStore.values;
  }

  get histograms(): Map<string, number[]> {
    return this.metricStore.histograms;
  }

  /** Log lines at error or critical level. */
  errorLogs(): LogEntry[] {
    return this.logs.filter((l) => l.level >= LogLevel.error);
  }

  /** Throws listing every error/critical log line, if any. */
  assertNoErrorLogs(): void {
    const errors = this.errorLogs();
    if (errors.length) {
      throw new Error(`the module logged ${errors.length} error(s):\n` + errors.map((l) => `  [${l.levelName}] ${l.message}`).join("\n"));
    }
  }

  /** Messages logged at or above a level (default: all). */
  logMessages(minLevel: LogLevelName = "trace"): string[] {
    return this.logs.filter((l) => l.level >= LogLevel[minLevel]).map((l) => l.message);
  }

  traceFor(contextId: number): TraceEntry[] {
    return this.trace.filter((t) => t.contextId === contextId);
  }

  // ------------------------------------------------------------------ ImportHost / ContextHost

  /** @internal */
  get memory(): GuestMemory {
    if (!this.guestMemory) throw new WasmAbort("host function called before the module's memory was available", "restricted", "instantiate", null);
    return this.guestMemory;
  }

  /** @internal */
  guard(importName: string): void {
    if (this.phase === "instantiate") {
      throw new WasmAbort(
        `${importName} called while the module was being instantiated (its start function): Envoy has no current context then and would crash`,
        "restricted", "instantiate", null,
      );
    }
    if (this.phase === "start" && !START_ALLOWED.has(importName)) {
      throw new WasmAbort(
        `${importName} called from _start/_initialize: Envoy only allows logging, clocks, random, args and environ there`,
        "restricted", this.callStack.at(-1)?.callback ?? "_start", null,
      );
    }
  }

  /** @internal */
  effectiveContext(): AbiContext {
    const current = this.callStack.at(-1)?.context ?? this.contexts.get(0)!;
    if (this.effectiveContextId !== 0) return this.contexts.get(this.effectiveContextId) ?? current;
    return current;
  }

  /** @internal */
  setEffectiveContext(id: number): boolean {
    if (!this.contexts.has(id)) return false;
    this.effectiveContextId = id;
    return true;
  }

  /** @internal */
  log(level: number, message: string): void {
    const entry: LogEntry = { level, levelName: LOG_LEVEL_NAMES[level], message, contextId: this.effectiveContext().id };
    this.logs.push(entry);
    if (level === LogLevel.critical) this.lastCriticalLog = message;
    this.onLogCallback?.(entry);
  }

  /** @internal */
  stopNextIteration(): void {
    this.stopNext = true;
  }

  /** @internal */
  queueReady(contextId: number, token: number): void {
    this.afterVmCall(() => {
      if (this.contexts.has(contextId)) this.callIn("proxy_on_queue_ready", contextId, [contextId, token]);
    });
  }

  /** @internal */
  nowNs(): bigint {
    return this.nowNanos;
  }

  /** @internal xorshift32: deterministic bytes for random_get. */
  randomBytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      let x = this.rng;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.rng = x >>> 0;
      out[i] = this.rng & 0xff;
    }
    return out;
  }

  /** @internal */
  status(): { code: number; message: string } {
    return this.currentStatus;
  }

  /** @internal */
  setTickPeriod(ms: number): number {
    this.root.tickPeriodMs = ms;
    this.nextTickNanos = ms > 0 ? this.nowNanos + BigInt(ms) * 1_000_000n : null;
    return WasmResult.Ok;
  }

  /** @internal proxy_done: this host never defers a root context's shutdown. */
  done(): number {
    return WasmResult.NotFound;
  }

  /** @internal */
  callForeign(name: string, args: Uint8Array): { result: number; data: Uint8Array | null } {
    if (name === "clear_route_cache") {
      this.effectiveContext().clearRouteCache();
      return { result: WasmResult.Ok, data: new Uint8Array(0) };
    }
    const fn = this.foreignFunctions[name];
    if (!fn) return { result: WasmResult.NotFound, data: null };
    const out = fn(args);
    return typeof out === "number" ? { result: out, data: null } : { result: WasmResult.Ok, data: out };
  }

  /** @internal WASI proc_exit: the module aborted (AssemblyScript abort → abort_proc_exit). */
  procExit(code: number): never {
    const during = this.callStack.at(-1)?.callback ?? this.phase;
    const critical = this.lastCriticalLog;
    const abort = new WasmAbort(
      `${critical ?? "module exited"} [proc_exit(${code}) during ${during}]`,
      "proc_exit", during, critical, code,
    );
    this.failed = abort;
    throw abort;
  }

  /** @internal */
  pluginConfigDuringConfigure(): Uint8Array | null {
    return this.pluginConfigReadable ? this.pluginConfig : null;
  }

  /** @internal */
  httpCallResponse(): HttpCallResponseData | null {
    return this.currentHttpCallResponse;
  }

  /** @internal */
  hostProperty(path: string): Uint8Array | null {
    const own = this.properties.get(path);
    if (own) return own;
    if (path === "plugin_root_id") return toBytes(this.rootId);
    if (path === "plugin_name") return toBytes(this.pluginName);
    if (path === "plugin_vm_id") return toBytes(this.vmId);
    return null;
  }

  /** @internal */
  warn(message: string): void {
    this.warnings.push(message);
  }

  /** @internal */
  streamCompleted(contextId: number): void {
    this.contexts.delete(contextId);
  }
}
