// Token usage of one exchange, as the provider reported it (streamed or not).
// Providers fill it from their own fields (providers/*.ts); report.ts turns it
// into metrics and filter state. -1 means "not reported".

import { JsonKind } from "../json/value";
import { kindAt, numberAt, stringAt, stringIsAt, valueEnd } from "../json/scan";

export class TokenUsage {
  prompt: i64 = -1;
  completion: i64 = -1;
  total: i64 = -1;
  /** The model that served the request, as the response names it ("" when it does not). */
  model: string = "";

  seen(): bool { return this.prompt >= 0 || this.completion >= 0 || this.total >= 0; }

  promptTokens(): i64 { return this.prompt < 0 ? 0 : this.prompt; }
  completionTokens(): i64 { return this.completion < 0 ? 0 : this.completion; }

  /** The reported total, else prompt + completion. */
  totalTokens(): i64 {
    if (this.total >= 0) return this.total;
    return this.promptTokens() + this.completionTokens();
  }

  /** The model named by the string at `pos` of `src` (-1: none; an empty name is ignored). */
  noteModelAt(src: Uint8Array, pos: i32): void {
    if (kindAt(src, pos) != JsonKind.String || valueEnd(src, pos) - pos <= 2) return;
    // Streams repeat the model in every event: compared as bytes, decoded only when it changes.
    if (!stringIsAt(src, pos, this.model)) this.model = stringAt(src, pos);
  }
}

/** The whole, non-negative number at `pos` of `src`, or -1 (absent, not a number, not a count). */
export function tokenCountAt(src: Uint8Array, pos: i32): i64 {
  if (kindAt(src, pos) != JsonKind.Number) return -1;
  const n = numberAt(src, pos);
  if (!(n >= 0) || n > 9.0e15 || n != Math.floor(n)) return -1;
  return <i64>n;
}

/** Sum of the counts that are present; -1 when none is. */
export function sumCounts(a: i64, b: i64): i64 {
  if (a < 0) return b;
  if (b < 0) return a;
  return a + b;
}
