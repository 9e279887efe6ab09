// No per-request growth, on any kind of route: the filter built with
// AssemblyScript's rtrace (build/weir.rtrace.wasm, rebuilt here when a filter
// source is newer) reports every block it allocates and frees; the set of
// live blocks must not grow across many exchanges once warm. Routes: no
// policy, auth only, model pin, guards (request and response masking,
// enrichment, defaults, webhook), streams with and without a guard.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ProxyWasmHost, exchange, type ExchangeOptions } from "../host/index.ts";
import { REPO_ROOT } from "../support/envoy.ts";

const RTRACE_WASM = join(REPO_ROOT, "build", "weir.rtrace.wasm");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.endsWith(".ts")) newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

function rtraceBuild(): string {
  if (existsSync(RTRACE_WASM) && statSync(RTRACE_WASM).mtimeMs >= newestSource(join(REPO_ROOT, "filter"))) return RTRACE_WASM;
  const args = ["asc", "filter/index.ts", "--runtime", "full", "--use", "abort=abort_proc_exit", "--use", "ASC_RTRACE=1", "--debug", "-b", "build/weir.rtrace.wasm"];
  const r = spawnSync("npx", args, { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `npx ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
  return RTRACE_WASM;
}

const key = { mode: "inline", key: "sk-inline" };
const regex = { regex: { action: "MASK", builtins: ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"], matches: [{ pattern: "sk-[A-Za-z0-9]{20,}", name: "API_KEY" }] } };
const config = {
  routes: {
    auth: { provider: "openai", auth: key },
    pin: { provider: "openai", auth: key, model: "gpt-4o-mini" },
    passthrough: { provider: "anthropic", auth: { mode: "passthrough" } },
    guard: {
      provider: "openai", auth: key, model: "gpt-4o-mini",
      promptGuard: { request: regex, response: { regex: { builtins: ["EMAIL", "SSN"] } } },
      promptEnrichment: { prepend: [{ role: "system", content: "Be brief." }], append: [{ role: "user", content: "Thanks." }] },
      defaults: [{ field: "temperature", value: 0.5 }],
    },
    webhook: { provider: "openai", auth: key, promptGuard: { request: { webhook: { cluster: "weir-webhook", authority: "guard.local" }, ...regex } } },
    stream: { provider: "openai", auth: key, model: "gpt-4o-mini" },
    streamGuard: { provider: "openai", auth: key, promptGuard: { request: regex, response: { regex: { builtins: ["EMAIL"] } } } },
  },
};

const chat = (stream: boolean) => JSON.stringify({
  model: "gpt-4o", ...(stream ? { stream: true } : {}), temperature: 0.2,
  messages: [
    { role: "system", content: "You are the scheduling assistant.\nBe brief." },
    { role: "user", content: "Mail dana.whitfield@example.com or call (415) 555-0134; key sk-abcdefghijklmnopqrstuvwx. \"Thanks\"" },
  ],
});
const completion = JSON.stringify({
  id: "c", object: "chat.completion", model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "Write to ops@example.com, SSN 123-45-6789." }, finish_reason: "stop" }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});
const sse = ["Write to ", "ops@exa", "mple.com ", "now"].map((w) =>
  `data: {"id":"x","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"${w}"},"finish_reason":null}]}\n\n`).join("") +
  `data: {"id":"x","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n` +
  `data: {"id":"x","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}\n\ndata: [DONE]\n\n`;

// The webhook masks both messages (one text per message of the chat).
const WEBHOOK_MASK = JSON.stringify({ action: { body: { messages: [{ role: "system", content: "masked" }, { role: "user", content: "masked too" }] } } });

const headers = { ":path": "/v1/chat/completions", "content-type": "application/json", authorization: "Bearer sk-client", "accept-encoding": "gzip" };
const json = { headers: { "content-type": "application/json" }, body: completion, chunks: [40] };
const events = { headers: { "content-type": "text/event-stream" }, body: sse, chunks: [50, 100, 7, 300] };

const shapes: Record<string, Omit<ExchangeOptions, "routeName"> & { route: string }> = {
  "no policy": { route: "nope", request: { headers, body: chat(false) }, response: json },
  "auth only (GET)": { route: "auth", request: { headers: { ...headers, ":method": "GET" } }, response: json },
  "model pin": { route: "pin", request: { headers, body: chat(false), chunks: [100] }, response: json },
  "passthrough key": { route: "passthrough", request: { headers, body: chat(false) }, response: json },
  "guards: request + response masking, enrichment, defaults": { route: "guard", request: { headers, body: chat(false) }, response: json },
  "webhook guard": { route: "webhook", request: { headers, body: chat(false) }, response: json, onHttpCall: () => ({ status: 200, body: WEBHOOK_MASK }) },
  "stream": { route: "stream", request: { headers, body: chat(true) }, response: events },
  "stream + guards": { route: "streamGuard", request: { headers, body: chat(true) }, response: events },
};

test("live blocks stay flat across exchanges on every kind of route (rtrace)", async () => {
  const wasm = rtraceBuild();
  for (const [name, shape] of Object.entries(shapes)) {
    const live = new Set<number>();
    const rtrace = {
      onalloc: (p: number) => void live.add(p), onfree: (p: number) => void live.delete(p),
      onmove: (a: number, b: number) => { live.delete(a); live.add(b); },
      onresize: () => {}, onincrement: () => {}, ondecrement: () => {},
    };
    const host = await ProxyWasmHost.load(wasm, { pluginConfig: JSON.stringify(config), allowOnHeadersStopIteration: true, extraImports: { rtrace } });
    const { route, ...options } = shape;
    const run = () => exchange(host, { routeName: route, ...options });
    const first = run();
    assert.equal(first.downstream.status, 200, `${name}: ${first.downstream.bodyText}`);
    for (let i = 0; i < 200; i++) run();
    const warm = live.size;
    for (let i = 0; i < 600; i++) run();
    const later = live.size;
    for (let i = 0; i < 600; i++) run();
    assert.ok(later <= warm + 2 && live.size <= later, `${name}: live blocks ${warm} → ${later} → ${live.size}`);
    host.assertNoErrorLogs();
  }
});
