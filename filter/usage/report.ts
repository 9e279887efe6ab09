// Usage and streaming incidents → Envoy counters and filter state.
//
// Counter names carry their labels as `;key=value` pairs after the metric's
// name, so Envoy's stats tag extraction can turn them into Prometheus labels
// (regexes in the README / controller's stats_config):
//   weir.tokens.prompt;route=R;provider=P;model=M       (Envoy: wasmcustom.weir.tokens.prompt;route=…)
//   weir.tokens.completion;route=R;provider=P;model=M
//   weir.tokens.total;route=R;provider=P;model=M
//   weir.response.masked;route=R;provider=P             matches masked in responses
//   weir.request.guard;route=R;provider=P;model=M;outcome=O
//                                                       masked | rejected | webhook_masked | webhook_rejected | flagged |
//                                                       webhook_error | moderation_error
//   weir.stream.anomalies;route=R;provider=P;reason=X   not_json | event_too_large | truncated |
//                                                       hold_back_exceeded | invalid_utf8 | incomplete
// Label values are cut to 64 bytes, anything but [A-Za-z0-9._:/@+-] becomes
// "_", and a VM defines at most MAX_METRICS names (then model="other").
//
// Filter state (per stream, for access logs: %FILTER_STATE(wasm.weir.prompt_tokens:PLAIN)%):
//   weir.prompt_tokens, weir.completion_tokens, weir.total_tokens, weir.model, weir.guard (request outcome)

import { defineCounter, incrementCounter, setFilterState, setFilterStateNumber } from "../abi/host";
import { TokenUsage } from "./usage";
import { RouteMetrics } from "./route-metrics";

const MAX_METRICS: i32 = 2048;
const MAX_LABEL: i32 = 64;

/** Metric ids by name, per VM (Envoy keeps the stats themselves). */
const ids = new Map<string, u32>();

// Each report first looks in the route's RouteMetrics (filled the first time a
// name is defined), so a request builds no metric name; a miss takes the
// path that builds the name and applies the MAX_METRICS rules, and keeps the
// ids it found.

export function reportUsage(route: RouteMetrics, usage: TokenUsage): void {
  if (!usage.seen()) return;
  const prompt = usage.promptTokens();
  const completion = usage.completionTokens();
  const total = usage.totalTokens();
  let model = usage.model;
  if (model.length == 0) model = "unknown";
  setFilterStateNumber("weir.prompt_tokens", prompt);
  setFilterStateNumber("weir.completion_tokens", completion);
  setFilterStateNumber("weir.total_tokens", total);
  setFilterState("weir.model", model);
  let counters = route.tokenIds(model);
  if (counters === null) counters = defineTokenCounters(route, model);
  const found = counters;
  increment(unchecked(found[0]), prompt);
  increment(unchecked(found[1]), completion);
  increment(unchecked(found[2]), total);
}

/** Defines (or finds) the three token counters of `model` on this route; cached when all three exist. */
function defineTokenCounters(route: RouteMetrics, model: string): StaticArray<u32> {
  const labels = routeLabels(route);
  let modelLabel = ";model=" + label(model);
  if (!ids.has("weir.tokens.total" + labels + modelLabel) && ids.size >= MAX_METRICS - 3) modelLabel = ";model=other";
  const found = new StaticArray<u32>(3);
  found[0] = define("weir.tokens.prompt" + labels + modelLabel);
  found[1] = define("weir.tokens.completion" + labels + modelLabel);
  found[2] = define("weir.tokens.total" + labels + modelLabel);
  if (found[0] != 0 && found[1] != 0 && found[2] != 0) route.keepTokenIds(model, found);
  return found;
}

/** A request guard's outcome (one per request that a guard acted on). */
export function reportRequestGuard(route: RouteMetrics, model: string, outcome: string): void {
  setFilterState("weir.guard", outcome);
  let m = model;
  if (m.length == 0) m = "unknown";
  const key = "guard\0" + m + "\0" + outcome;
  let id = route.id(key);
  if (id == 0) {
    let name = "weir.request.guard" + routeLabels(route) + ";model=" + label(m);
    if (!ids.has(name + ";outcome=" + outcome) && ids.size >= MAX_METRICS - 1) name = "weir.request.guard" + routeLabels(route) + ";model=other";
    id = define(name + ";outcome=" + label(outcome));
    route.keepId(key, id);
  }
  increment(id, 1);
}

export function reportMasked(route: RouteMetrics, matches: i32): void {
  if (matches <= 0) return;
  const key = "masked";
  let id = route.id(key);
  if (id == 0) {
    id = define("weir.response.masked" + routeLabels(route));
    route.keepId(key, id);
  }
  increment(id, <i64>matches);
}

export function reportAnomaly(route: RouteMetrics, reason: string): void {
  const key = "anomaly\0" + reason;
  let id = route.id(key);
  if (id == 0) {
    id = define("weir.stream.anomalies" + routeLabels(route) + ";reason=" + label(reason));
    route.keepId(key, id);
  }
  increment(id, 1);
}

function routeLabels(route: RouteMetrics): string {
  return ";route=" + label(route.route) + ";provider=" + label(route.provider);
}

/** The id of the counter `name`, defined on first use; 0 when none can be (MAX_METRICS, or the host refused). */
function define(name: string): u32 {
  if (ids.has(name)) return ids.get(name);
  if (ids.size >= MAX_METRICS) return 0;
  const id = defineCounter(name);
  if (id == 0) return 0;
  ids.set(name, id);
  return id;
}

function increment(id: u32, by: i64): void {
  // Envoy refuses an increment of 0; the counter still exists from its definition.
  if (id != 0 && by > 0) incrementCounter(id, by);
}

/** A tag value Envoy's tag extraction and Prometheus both keep as it is. */
export function label(value: string): string {
  const n = value.length < MAX_LABEL ? value.length : MAX_LABEL;
  if (n == 0) return "_";
  let clean = n == value.length;
  for (let i = 0; i < n && clean; i++) clean = labelChar(value.charCodeAt(i));
  if (clean) return value;
  let out = "";
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (labelChar(c)) out += String.fromCharCode(c);
    else out += "_";
  }
  return out;
}

function labelChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    c == 0x2e || c == 0x5f || c == 0x3a || c == 0x2f || c == 0x40 || c == 0x2b || c == 0x2d;
}
