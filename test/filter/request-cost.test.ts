// What one request costs the host (issue 8, P1): the filter reads each header
// map once, edits only headers that need it, and reports usage through
// counters it found once per route. Host calls are counted by wrapping the
// module's imports, the way bench/lib/host-probe.ts does.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ProxyWasmHost, exchange } from "../host/index.ts";
import { WEIR_WASM } from "./load.ts";

const COMPLETION = JSON.stringify({
  id: "c", object: "chat.completion", model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});
const CHAT = JSON.stringify({ model: "gpt-4o", temperature: 0.2, messages: [{ role: "user", content: "hi" }] });

const config = {
  routes: {
    pinned: { provider: "openai", auth: { mode: "inline", key: "sk-inline" }, model: "gpt-4o-mini" },
    passthrough: { provider: "openai", auth: { mode: "passthrough" } },
    anthropic: { provider: "anthropic", auth: { mode: "inline", key: "ant-secret" } },
  },
};

/** Loads Weir with every import wrapped: `calls` counts them by name for the stream in flight. */
async function countingHost() {
  const calls = new Map<string, number>();
  const original = WebAssembly.instantiate;
  (WebAssembly as any).instantiate = async (module: any, imports: any) => {
    const wrapped: any = {};
    for (const [ns, fns] of Object.entries<any>(imports ?? {})) {
      wrapped[ns] = {};
      for (const [name, fn] of Object.entries<any>(fns)) {
        wrapped[ns][name] = typeof fn !== "function" ? fn : (...args: unknown[]) => {
          calls.set(name, (calls.get(name) ?? 0) + 1);
          return fn(...args);
        };
      }
    }
    return original(module, wrapped);
  };
  let host: ProxyWasmHost;
  try {
    host = await ProxyWasmHost.load(WEIR_WASM, { pluginConfig: JSON.stringify(config), allowOnHeadersStopIteration: true });
  } finally {
    (WebAssembly as any).instantiate = original;
  }
  return { host, calls };
}

function post(host: ProxyWasmHost, route: string, headers: Record<string, string | string[]>, body = CHAT, reply = COMPLETION) {
  return exchange(host, {
    routeName: route,
    request: { headers: { ":path": "/v1/chat/completions", "content-type": "application/json", ...headers }, body },
    response: { headers: { "content-type": "application/json", "content-length": String(reply.length) }, body: reply },
  });
}

test("the bench request takes 15 host calls: one read per header map, two header edits", async () => {
  const { host, calls } = await countingHost();
  post(host, "pinned", { authorization: "Bearer sk-client" });
  calls.clear();
  const r = post(host, "pinned", { authorization: "Bearer sk-client" });
  assert.equal(r.upstream.headers.get("authorization"), "Bearer sk-inline");
  assert.equal(JSON.parse(r.upstream.bodyText).model, "gpt-4o-mini");
  assert.deepEqual(Object.fromEntries([...calls].sort()), {
    proxy_get_buffer_bytes: 2,          // the request body, the response body
    proxy_get_header_map_pairs: 2,      // request headers, response headers: once each
    proxy_get_property: 1,              // xds.route_name
    proxy_increment_metric: 3,          // tokens prompt, completion, total (defined on the first request only)
    proxy_replace_header_map_value: 2,  // authorization, content-length
    proxy_set_buffer_bytes: 1,          // the pinned body
    proxy_set_property: 4,              // filter state: tokens ×3, model
  });
  host.assertNoErrorLogs();
});

test("only credential headers that are present are removed; the provider's own is replaced in place", async () => {
  const { host, calls } = await countingHost();
  const get = (route: string, headers: Record<string, string | string[]>) => {
    calls.clear();
    const r = exchange(host, { routeName: route, request: { headers: { ":method": "GET", ":path": "/v1/models", ...headers } }, response: { body: "{}" } });
    return { up: r.upstream.headers, removes: calls.get("proxy_remove_header_map_value") ?? 0, replaces: calls.get("proxy_replace_header_map_value") ?? 0 };
  };
  // Nothing to remove: one replace, no remove.
  let r = get("pinned", {});
  assert.deepEqual([r.up.get("authorization"), r.removes, r.replaces], ["Bearer sk-inline", 0, 1]);
  r = get("pinned", { authorization: "Bearer sk-client" });
  assert.deepEqual([r.up.get("authorization"), r.removes, r.replaces], ["Bearer sk-inline", 0, 1]);
  // Other providers' credentials and accept-encoding: removed, one call each.
  r = get("pinned", { "x-api-key": "a", "api-key": "b", "accept-encoding": "gzip" });
  assert.deepEqual([r.up.get("x-api-key"), r.up.get("api-key"), r.up.get("accept-encoding"), r.removes, r.replaces], [undefined, undefined, undefined, 3, 1]);
  // The provider's header sent twice: removed first, so no client value survives next to the key.
  r = get("pinned", { authorization: ["Bearer one", "Bearer two"] });
  assert.deepEqual([r.up.getAll("authorization"), r.removes], [["Bearer sk-inline"], 1]);
  // Another provider: the client's authorization goes, the provider's header is set.
  r = get("anthropic", { authorization: "Bearer sk-client" });
  assert.deepEqual([r.up.get("authorization"), r.up.get("x-api-key"), r.up.get("anthropic-version"), r.removes, r.replaces],
    [undefined, "ant-secret", "2023-06-01", 1, 2]);
  // Passthrough still reads the client's key.
  r = get("passthrough", { authorization: "Bearer sk-client" });
  assert.equal(r.up.get("authorization"), "Bearer sk-client");
  host.assertNoErrorLogs();
});

test("usage counters and filter state stay right across models, once each counter is found", async () => {
  const { host, calls } = await countingHost();
  const models = ["gpt-4o", "gpt-4o-mini", "o3", "gpt-4o", "o3", "gpt-4o-mini"];
  let defines = 0;
  for (let i = 0; i < models.length; i++) {
    calls.clear();
    const reply = JSON.stringify({ ...JSON.parse(COMPLETION), model: models[i], usage: { prompt_tokens: i + 1, completion_tokens: 1 } });
    const r = post(host, "passthrough", { authorization: "Bearer k" }, CHAT, reply);
    defines += calls.get("proxy_define_metric") ?? 0;
    assert.equal(new TextDecoder().decode(r.stream.getProperty("weir.model")!), models[i]);
    assert.equal(new TextDecoder().decode(r.stream.getProperty("weir.total_tokens")!), String(i + 2));
  }
  assert.equal(defines, 9, "three counters per model, defined once");
  const stats = host.metricStore.envoyStats();
  const key = (m: string, k: string) => `wasmcustom.weir.tokens.${k};route=passthrough;provider=openai;model=${m}`;
  assert.equal(stats[key("gpt-4o", "prompt")], 1 + 4);
  assert.equal(stats[key("o3", "total")], (3 + 1) + (5 + 1));
  assert.equal(stats[key("gpt-4o-mini", "completion")], 2);
  host.assertNoErrorLogs();
});

/** What a request webhook on an Anthropic route receives of the client's headers, with `auth` on the route. */
async function forwardedToWebhook(auth: object): Promise<Record<string, string | undefined>> {
  const webhook = { cluster: "weir-webhook", authority: "guard.local", forwardHeaders: ["x-user", "x-api-key", "authorization", "accept-encoding", "anthropic-version"] };
  const host = await ProxyWasmHost.load(WEIR_WASM, {
    pluginConfig: JSON.stringify({ routes: { hooked: { provider: "anthropic", auth, promptGuard: { request: { webhook } } } } }),
    allowOnHeadersStopIteration: true,
  });
  const body = JSON.stringify({ model: "claude", messages: [{ role: "user", content: "hi" }] });
  let forwarded: Record<string, string | undefined> = {};
  const r = exchange(host, {
    routeName: "hooked",
    request: { headers: { ":path": "/v1/messages", "x-user": "alice", authorization: "Bearer client", "x-api-key": "client-x", "accept-encoding": "gzip" }, body },
    response: { body: "{}" },
    onHttpCall: (call) => {
      forwarded = Object.fromEntries(webhook.forwardHeaders.map((h) => [h, call.headers.get(h)]));
      return { status: 200, body: '{"action":{}}' };
    },
  });
  assert.equal(r.downstream.status, 200);
  assert.ok(!host.logs.some((l) => l.message.includes("ant-secret")), "the key is not logged");
  return forwarded;
}

test("a webhook forwards the request headers as they stand after Weir's edits (read once, before them), never the gateway's key", async () => {
  assert.deepEqual(await forwardedToWebhook({ mode: "inline", key: "ant-secret" }), {
    "x-user": "alice",
    // The provider's credential header carries the gateway's key: it stays home.
    "x-api-key": undefined,
    authorization: undefined,
    "accept-encoding": undefined,
    "anthropic-version": "2023-06-01",
  });
});

test("on a passthrough route a webhook that asks for the credential header gets the client's own key", async () => {
  const forwarded = await forwardedToWebhook({ mode: "passthrough" });
  // What the provider receives: the client's bearer, moved into Anthropic's header.
  assert.equal(forwarded["x-api-key"], "client");
  assert.equal(forwarded["x-user"], "alice");
});
