// wrk (Debian package `wrk`), the load generator for the overhead runs when it
// is installed: C, epoll, one thread pinned to the load core, closed loop with
// a fixed number of keep-alive connections, latency percentiles from its
// HdrHistogram. A Lua script sets the request and prints one JSON line.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOAD_CORE, pinned } from "./procs.ts";

export const HAVE_WRK = spawnSync("wrk", ["--version"], { encoding: "utf8" }).error === undefined;

export interface WrkResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Us: number;
  p99Us: number;
}

export interface WrkRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A Lua string literal: quoted, every byte outside printable ASCII (and " and \\) as a decimal escape. */
const luaString = (s: string) => {
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) out += b >= 32 && b < 127 && b !== 34 && b !== 92 ? String.fromCharCode(b) : `\\${String(b).padStart(3, "0")}`;
  return out + '"';
};

export function wrkScript(request: WrkRequest): string {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-wrk-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "request.lua");
  const headers = Object.entries(request.headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`).join("\n");
  writeFileSync(path, `wrk.method = ${luaString(request.method)}
wrk.path = ${luaString(request.path)}
wrk.body = ${luaString(request.body)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`);
  return path;
}

/** Runs wrk for `seconds` with `connections` connections on one thread. Bounded by its duration. */
export async function runWrk(script: string, port: number, connections: number, seconds: number): Promise<WrkResult> {
  const [cmd, args] = pinned(LOAD_CORE, "wrk", [
    "-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "5s", "-s", script, `http://127.0.0.1:${port}`,
  ]);
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), (seconds + 30) * 1000);
  const status = await new Promise<number | null>((done) => child.on("exit", done));
  clearTimeout(timer);
  const line = /WRK_JSON (\{.*\})/.exec(stdout);
  if (!line) throw new Error(`wrk printed no result (status ${status}):\n${stdout}${stderr}`);
  const r = JSON.parse(line[1]);
  const secs = r.duration_us / 1e6;
  return { requests: r.requests, errors: r.errors, seconds: secs, rps: r.requests / secs, p50Us: r.p50, p99Us: r.p99 };
}
