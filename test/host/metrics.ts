// Custom metrics (proxy_define_metric & co.) with Envoy's rules:
// ids carry the type in their two low bits (counter 4, 8, …; gauge 5, 9, …; histogram 6, 10, …);
// a counter increment must be > 0; gauges add or subtract; histograms only record;
// get works for counters and gauges. Envoy names the stat "wasmcustom.<name>".

import { CUSTOM_STAT_PREFIX, MetricType, WasmResult } from "./constants.ts";

const TYPE_MASK = 0x3;
const ID_STEP = 0x4;

export type MetricKind = "counter" | "gauge" | "histogram";
const KINDS: MetricKind[] = ["counter", "gauge", "histogram"];

export class MetricStore {
  /** Counter and gauge values by the name the module gave. */
  readonly values = new Map<string, number>();
  /** Every value recorded into each histogram, in order. */
  readonly histograms = new Map<string, number[]>();
  /** Kind of each defined name. */
  readonly kinds = new Map<string, MetricKind>();
  private readonly byId = new Map<number, { type: number; name: string }>();
  private readonly next = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram] as number[];

  define(type: number, name: string): { result: number; id: number } {
    if (type > MetricType.Histogram) return { result: WasmResult.BadArgument, id: 0 };
    this.next[type] += ID_STEP;
    const id = this.next[type];
    this.byId.set(id, { type, name });
    this.kinds.set(name, KINDS[type]);
    if (type === MetricType.Histogram) {
      if (!this.histograms.has(name)) this.histograms.set(name, []);
    } else if (!this.values.has(name)) {
      this.values.set(name, 0);
    }
    return { result: WasmResult.Ok, id };
  }

  increment(id: number, offset: bigint): number {
    const type = id & TYPE_MASK;
    const metric = this.byId.get(id);
    if (type === MetricType.Counter) {
      if (!metric) return WasmResult.NotFound;
      if (offset <= 0n) return WasmResult.BadArgument;
      this.add(metric.name, Number(offset));
      return WasmResult.Ok;
    }
    if (type === MetricType.Gauge) {
      if (!metric) return WasmResult.NotFound;
      this.add(metric.name, Number(offset));
      return WasmResult.Ok;
    }
    return WasmResult.BadArgument;
  }

  record(id: number, value: bigint): number {
    const metric = this.byId.get(id);
    if (!metric || metric.type !== (id & TYPE_MASK)) return WasmResult.NotFound;
    const v = Number(BigInt.asUintN(64, value));
    if (metric.type === MetricType.Counter) this.add(metric.name, v);
    else if (metric.type === MetricType.Gauge) this.values.set(metric.name, v);
    else this.histograms.get(metric.name)!.push(v);
    return WasmResult.Ok;
  }

  get(id: number): { result: number; value: bigint } {
    const type = id & TYPE_MASK;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) return { result: WasmResult.BadArgument, value: 0n };
    const metric = this.byId.get(id);
    if (!metric) return { result: WasmResult.NotFound, value: 0n };
    return { result: WasmResult.Ok, value: BigInt(this.values.get(metric.name) ?? 0) };
  }

  /** Stats as Envoy's admin /stats names them ("wasmcustom.<name>"); histograms give their count. */
  envoyStats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, value] of this.values) out[CUSTOM_STAT_PREFIX + name] = value;
    for (const [name, values] of this.histograms) out[CUSTOM_STAT_PREFIX + name] = values.length;
    return out;
  }

  private add(name: string, delta: number): void {
    this.values.set(name, (this.values.get(name) ?? 0) + delta);
  }
}
