// Inside the module, without Envoy: the built filter in the project's
// proxy-wasm test host (test/host, node's V8), driven through whole exchanges
// of one shape after another. For each shape it reports
//   - the host calls the module makes per exchange, by callback and by import (exact: what Envoy would serve),
//   - time per exchange and per callback (node's V8 and a JS host: relative, not Envoy's figures),
//   - linear-memory growth per exchange: a leak shows as a steady number of bytes per exchange.
// Shapes differ in one thing at a time, so a cost or a leak points at a code path.

import { ProxyWasmHost, exchange } from "../../test/host/index.ts";
import { COMPLETION } from "./completion.ts";

export interface ShapeResult {
  shape: string;
  exchanges: number;
  usPerExchange: number;
  /** Time inside the module's exports minus the host functions they called: the module's own code. */
  moduleUsPerExchange: number;
  bytesPerExchange: number;
  memoryKiB: number;
  /** callback → mean µs and host calls per exchange. */
  callbacks: Record<string, { us: number; hostCalls: number }>;
  /** import → calls per exchange. */
  imports: Record<string, number>;
}

interface Shape {
  name: string;
  routeName?: string;
  body?: string;
  method?: string;
  /** A plugin config of its own (the guard policy). */
  config?: string;
}

/**
 * Wraps every function import with a counter; `current` names the callback being run.
 * Also times the module's own code: each export call (a callback, or malloc while
 * the host serves an import) minus the imports it calls. Timing the exports, not
 * the host's callIn, leaves the host's own bookkeeping out.
 */
function instrument() {
  const counts = new Map<string, number>();
  const perCallback = new Map<string, { ns: number; calls: number; hostCalls: number }>();
  let current = "";
  const time = { moduleNs: 0 };
  let inModule = false;
  let since = 0n;
  // Switches the clock between the module and the host at every crossing.
  const enter = () => {
    const now = process.hrtime.bigint();
    if (inModule) time.moduleNs += Number(now - since);
    since = now;
  };
  // `fn` run on one side of the crossing (the module's: an export; the host's: an import).
  const onSide = (module: boolean, fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const outer = inModule;
    enter();
    inModule = module;
    try {
      return fn(...args);
    } finally {
      enter();
      inModule = outer;
    }
  };
  const original = WebAssembly.instantiate;
  const patched = async (module: any, imports: any) => {
    const wrapped: any = {};
    for (const [ns, fns] of Object.entries<any>(imports ?? {})) {
      wrapped[ns] = {};
      for (const [name, fn] of Object.entries<any>(fns)) {
        if (typeof fn !== "function") {
          wrapped[ns][name] = fn;
          continue;
        }
        const host = onSide(false, fn);
        wrapped[ns][name] = (...args: unknown[]) => {
          const key = `${current}|${name}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return host(...args);
        };
      }
    }
    const instance: WebAssembly.Instance = await original(module, wrapped);
    const exports: any = {};
    for (const [name, value] of Object.entries<any>(instance.exports)) {
      exports[name] = typeof value !== "function" ? value : onSide(true, value);
    }
    return { exports };
  };
  return {
    install: () => ((WebAssembly as any).instantiate = patched),
    uninstall: () => ((WebAssembly as any).instantiate = original),
    wrapHost(host: ProxyWasmHost) {
      const callIn = (host as any).callIn.bind(host);
      (host as any).callIn = (name: string, contextId: number, args: number[], convert?: unknown) => {
        const outer = current;
        current = name;
        const t = process.hrtime.bigint();
        try {
          return callIn(name, contextId, args, convert);
        } finally {
          const ns = Number(process.hrtime.bigint() - t);
          const rec = perCallback.get(name) ?? { ns: 0, calls: 0, hostCalls: 0 };
          rec.ns += ns;
          rec.calls++;
          perCallback.set(name, rec);
          current = outer;
        }
      };
    },
    reset() {
      counts.clear();
      perCallback.clear();
      time.moduleNs = 0;
    },
    time,
    counts,
    perCallback,
  };
}

/**
 * The shapes, in order; the last ones are the bench request (pinned) and, with
 * `guardConfig`, the same request under the weir+guard policy. The upstream
 * answers what bench/upstream.ts answers (a completion with usage).
 */
export async function probeModule(wasmPath: string, pluginConfig: string, routeName: string, chatBody: string, exchanges: number,
  guardConfig?: string, benchShapesOnly = false): Promise<ShapeResult[]> {
  // The same policy without a pinned model: the shapes then isolate the body rewrite.
  const config = JSON.parse(pluginConfig);
  const unpinned = structuredClone(config.routes[routeName]);
  delete unpinned.model;
  config.routes["bench/unpinned"] = unpinned;
  const shapes: Shape[] = [
    { name: "route without policy (passes through)", routeName: "bench/no-such-route", body: chatBody },
    { name: "policy route, GET without body (auth only)", routeName, method: "GET" },
    { name: "policy route, 1 KiB body, model already right", routeName: "bench/unpinned", body: chatBody },
    { name: "policy route, 1 KiB body, model pinned (the bench request)", routeName, body: chatBody },
  ];
  if (guardConfig !== undefined) {
    shapes.push({ name: "the bench request under weir+guard (masking, enrichment)", routeName, body: chatBody, config: guardConfig });
  }
  if (benchShapesOnly) shapes.splice(0, 3);
  const probe = instrument();
  const results: ShapeResult[] = [];
  for (const shape of shapes) {
    probe.install();
    let host: ProxyWasmHost;
    try {
      host = await ProxyWasmHost.load(wasmPath, { pluginConfig: shape.config ?? JSON.stringify(config), rootId: "weir", allowOnHeadersStopIteration: true });
    } finally {
      probe.uninstall();
    }
    probe.wrapHost(host);
    const memory = (host as any).instance.exports.memory as WebAssembly.Memory;
    const run = () => exchange(host, {
      routeName: shape.routeName,
      request: {
        headers: {
          ":method": shape.method ?? "POST", ":path": "/fast/v1/chat/completions", ":authority": "127.0.0.1",
          "content-type": "application/json", authorization: "Bearer sk-client-placeholder", "user-agent": "bench",
          "x-forwarded-proto": "http", "x-request-id": "6f1c2a8e-0d5b-4a4e-9a8b-2f1d3c4b5a69",
        },
        body: shape.body,
      },
      response: { headers: { "content-type": "application/json", "content-length": String(COMPLETION.length) }, body: COMPLETION },
    });
    for (let i = 0; i < 200; i++) run(); // warm-up: V8 tiers up
    (host as any).trace.length = 0;
    probe.reset();
    // AssemblyScript's allocator grows memory by doubling it when the heap is
    // full, so memory.grow events say how full the heap was: just before the
    // growth from P bytes, about P bytes were in use. Growth per exchange is
    // the slope between the first and the last such event.
    const growths: { at: number; previous: number }[] = [];
    let size = memory.buffer.byteLength;
    const t = process.hrtime.bigint();
    for (let i = 0; i < exchanges; i++) {
      run();
      if (memory.buffer.byteLength !== size) {
        growths.push({ at: i, previous: size });
        size = memory.buffer.byteLength;
      }
      if (i % 256 === 0) (host as any).trace.length = 0; // the host's own record of calls
    }
    const ns = Number(process.hrtime.bigint() - t);
    const first = growths[0];
    const last = growths.at(-1);
    const bytesPerExchange = growths.length >= 2 ? (last!.previous - first.previous) / (last!.at - first.at)
      : growths.length === 1 ? NaN : 0; // one growth: growing, rate unknown
    const callbacks: ShapeResult["callbacks"] = {};
    for (const [name, rec] of probe.perCallback) callbacks[name] = { us: rec.ns / rec.calls / 1000, hostCalls: 0 };
    const imports: Record<string, number> = {};
    for (const [key, n] of probe.counts) {
      const [cb, imp] = key.split("|");
      imports[imp] = (imports[imp] ?? 0) + n / exchanges;
      if (callbacks[cb]) callbacks[cb].hostCalls += n / exchanges;
    }
    results.push({
      shape: shape.name, exchanges, usPerExchange: ns / exchanges / 1000,
      moduleUsPerExchange: probe.time.moduleNs / exchanges / 1000,
      bytesPerExchange, memoryKiB: memory.buffer.byteLength / 1024,
      callbacks, imports,
    });
  }
  return results;
}
