// The upstream filter instance (root_id "weir-upstream"): per attempt, the
// pool of the endpoint Envoy picked decides credentials, model and host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProxyWasmHost, exchange } from "../host/index.ts";
import { WEIR_WASM } from "./load.ts";

const POOL = "xds\0upstream_host_metadata\0filter_metadata\0weir\0pool";
const config = {
  routes: {
    failover: {
      provider: "openai", auth: { mode: "inline", key: "sk-primary" }, model: "gpt-4o",
      pools: [
        { auth: { mode: "inline", key: "sk-pool-0" }, model: "gpt-4o" },
        { auth: { mode: "inline", key: "sk-backup" }, model: "gpt-4o-mini", host: "backup.example.com" },
      ],
    },
    single: { provider: "openai", auth: { mode: "inline", key: "sk" } },
  },
};

async function upstream() {
  return ProxyWasmHost.load(WEIR_WASM, { pluginConfig: JSON.stringify(config), rootId: "weir-upstream", allowOnHeadersStopIteration: true });
}

function attempt(host: ProxyWasmHost, route: string, pool: string | undefined) {
  const properties: Record<string, string> = {};
  if (pool !== undefined) properties[POOL] = pool;
  return exchange(host, {
    routeName: route, properties,
    request: { headers: { ":authority": "api.openai.com", authorization: "Bearer sk-primary" }, body: '{"model":"gpt-4o","messages":[]}' },
    response: { body: "{}" },
  });
}

test("an attempt to the backup pool presents the backup key, model and host", async () => {
  const host = await upstream();
  assert.equal(host.configured, true);
  const backup = attempt(host, "failover", "1");
  assert.equal(backup.upstream.headers.get("authorization"), "Bearer sk-backup");
  assert.equal(backup.upstream.headers.get(":authority"), "backup.example.com");
  assert.equal(backup.upstream.bodyText, '{"model":"gpt-4o-mini","messages":[]}');
  assert.equal(backup.upstream.headers.get("content-length"), String(backup.upstream.body.length));
  const primary = attempt(host, "failover", "0");
  assert.equal(primary.upstream.headers.get("authorization"), "Bearer sk-pool-0");
  assert.equal(primary.upstream.bodyText, '{"model":"gpt-4o","messages":[]}');
  host.assertNoErrorLogs();
});

test("routes without pools, and endpoints without pool metadata, pass the attempt untouched", async () => {
  const host = await upstream();
  for (const [route, pool] of [["single", "0"], ["failover", undefined], ["failover", "7"], ["failover", "x"]] as const) {
    const r = attempt(host, route, pool);
    assert.equal(r.upstream.headers.get("authorization"), "Bearer sk-primary", `${route} ${pool}`);
    assert.equal(r.upstream.bodyText, '{"model":"gpt-4o","messages":[]}');
  }
});
