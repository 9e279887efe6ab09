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

import { defineCounter, incrementCounter, setFilterState } from "../abi/host";
import { TokenUsage } from "./usage";

const MAX_METRICS: i32 = 2048;
const MAX_LABEL: i32 = 64;

/** Metric ids by name, per VM (Envoy keeps the stats themselves). */
const ids = new Map<string, u32>();

export function reportUsage(route: string, provider: string, usage: TokenUsage): void {
  if (!usage.seen()) return;
  const prompt = usage.promptTokens();
  const completion = usage.completionTokens();
  const total = usage.totalTokens();
  let model = usage.model;
  if (model.length == 0) model = "unknown";
  setFilterState("weir.prompt_tokens", prompt.toString());
  setFilterState("weir.completion_tokens", completion.toString());
  setFilterState("weir.total_tokens", total.toString());
  setFilterState("weir.model", model);
  const labels = ";route=" + label(route) + ";provider=" + label(provider);
  let modelLabel = ";model=" + label(model);
  if (!ids.has("weir.tokens.total" + labels + modelLabel) && ids.size >= MAX_METRICS - 3) modelLabel = ";model=other";
  count("weir.tokens.prompt" + labels + modelLabel, prompt);
  count("weir.tokens.completion" + labels + modelLabel, completion);
  count("weir.tokens.total" + labels + modelLabel, total);
}

/** A request guard's outcome (one per request that a guard acted on). */
export function reportRequestGuard(route: string, provider: string, model: string, outcome: string): void {
  setFilterState("weir.guard", outcome);
  let m = model;
  if (m.length == 0) m = "unknown";
  let name = "weir.request.guard;route=" + label(route) + ";provider=" + label(provider) + ";model=" + label(m);
  if (!ids.has(name + ";outcome=" + outcome) && ids.size >= MAX_METRICS - 1) name = "weir.request.guard;route=" + label(route) + ";provider=" + label(provider) + ";model=other";
  count(name + ";outcome=" + label(outcome), 1);
}

export function reportMasked(route: string, provider: string, matches: i32): void {
  if (matches <= 0) return;
  count("weir.response.masked;route=" + label(route) + ";provider=" + label(provider), <i64>matches);
}

export function reportAnomaly(route: string, provider: string, reason: string): void {
  count("weir.stream.anomalies;route=" + label(route) + ";provider=" + label(provider) + ";reason=" + label(reason), 1);
}

function count(name: string, by: i64): void {
  let id: u32 = 0;
  if (ids.has(name)) {
    id = ids.get(name);
  } else {
    if (ids.size >= MAX_METRICS) return;
    id = defineCounter(name);
    if (id == 0) return;
    ids.set(name, id);
  }
  // Envoy refuses an increment of 0; the counter still exists from its definition.
  if (by > 0) incrementCounter(id, by);
}

/** A tag value Envoy's tag extraction and Prometheus both keep as it is. */
export function label(value: string): string {
  let out = "";
  const n = value.length < MAX_LABEL ? value.length : MAX_LABEL;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
      c == 0x2e || c == 0x5f || c == 0x3a || c == 0x2f || c == 0x40 || c == 0x2b || c == 0x2d;
    if (ok) out += String.fromCharCode(c);
    else out += "_";
  }
  if (out.length == 0) return "_";
  return out;
}
