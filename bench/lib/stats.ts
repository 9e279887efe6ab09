// Small statistics and formatting helpers for the report.

export function median(values: number[]): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

export function signed(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "n/a";
  return (value >= 0 ? "+" : "") + value.toFixed(digits);
}

export function pct(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : "n/a";
}

export function mib(bytes: number, digits = 1): string {
  return Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(digits)} MiB` : "n/a";
}

export function kib(bytes: number, digits = 1): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(digits)} KiB` : "n/a";
}

/** A plain-text table: the first row is the header; numbers right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
