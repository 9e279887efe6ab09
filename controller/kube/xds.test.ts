import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TYPE } from "../envoy/type-urls.ts";
import { statsConfig } from "../envoy/observability.ts";
import { dynamicBootstrap } from "./dynamic-bootstrap.ts";
import { CDS_FILE, LDS_FILE, xdsFiles } from "./xds-files.ts";
import { xdsResources } from "./xds-resources.ts";
import { XdsWriter } from "./xds-writer.ts";

// The shape the Envoy stage renders: one listener, its HCM with inline routes and the Weir filter.
const wasm = { name: "envoy.filters.http.wasm", typed_config: { "@type": TYPE.wasm, config: { configuration: { value: '{"routes":{}}' } } } };
const router = { name: "envoy.filters.http.router", typed_config: { "@type": TYPE.router } };
const bootstrap = (routeName = "ns/gw/http", key = "k1") => ({
  admin: {},
  static_resources: {
    clusters: [{ name: "llmbackend/ns/b" }],
    listeners: [
      {
        name: "ns/gw/http",
        filter_chains: [{ filters: [{ name: "hcm", typed_config: {
          "@type": TYPE.httpConnectionManager,
          stat_prefix: "http-80",
          route_config: { name: routeName, virtual_hosts: [] },
          http_filters: [{ ...wasm, typed_config: { ...wasm.typed_config, config: { configuration: { value: key } } } }, router],
        } }] }],
      },
    ],
  },
});

test("listeners name their routes (RDS) and Weir filter (ECDS) instead of inlining them", () => {
  const r = xdsResources(bootstrap(), { dir: "/x" });
  const hcm = (r.listeners[0] as any).filter_chains[0].filters[0].typed_config;
  assert.equal(hcm.route_config, undefined);
  assert.equal(hcm.rds.route_config_name, "ns/gw/http");
  assert.deepEqual(hcm.rds.config_source.path_config_source, { path: `/x/${r.routes[0].file}`, watched_directory: { path: "/x" } });
  assert.deepEqual(hcm.http_filters[0], {
    name: "ns/gw/http/envoy.filters.http.wasm",
    config_discovery: { config_source: { path_config_source: { path: `/x/${r.filters[0].file}`, watched_directory: { path: "/x" } }, resource_api_version: "V3" }, type_urls: [TYPE.wasm] },
  });
  assert.deepEqual(hcm.http_filters[1], router, "other filters stay inline");
  assert.equal((r.filters[0].resource as any).name, "ns/gw/http/envoy.filters.http.wasm");
  assert.equal(hcm.stat_prefix, "http-80", "everything else is carried over");
});

test("a policy change changes only the filter's file; the listener's file stays byte-identical", () => {
  const before = xdsFiles(xdsResources(bootstrap("ns/gw/http", "k1"), { dir: "/x" }));
  const after = xdsFiles(xdsResources(bootstrap("ns/gw/http", "k2"), { dir: "/x" }));
  const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f));
  assert.equal(changed.length, 1);
  assert.match(changed[0], /^ecds-[0-9a-f]{16}\.json$/);
  assert.deepEqual([...after.keys()][0], CDS_FILE, "clusters are written first");
  assert.deepEqual([...after.keys()].at(-1), LDS_FILE, "listeners last");
});

test("the writer renames files into place, skips unchanged ones, removes ones no longer referenced", () => {
  const dir = mkdtempSync(join(tmpdir(), "weir-xds-"));
  try {
    writeFileSync(join(dir, "unrelated.txt"), "not ours");
    const writer = new XdsWriter(dir);
    assert.equal(writer.hasConfig, false);
    const first = xdsFiles(xdsResources(bootstrap("a"), { dir }));
    assert.deepEqual(writer.publish(first), [...first.keys()]);
    assert.equal(writer.hasConfig, true);
    assert.equal(statSync(join(dir, LDS_FILE)).mode & 0o777, 0o600, "the files hold keys");
    assert.deepEqual(writer.publish(first), [], "nothing changed, nothing written");
    const second = xdsFiles(xdsResources(bootstrap("b"), { dir }));
    writer.publish(second);
    assert.deepEqual(readdirSync(dir).sort(), [...second.keys(), "unrelated.txt"].sort(), "the old route file is gone, no temporary file is left");
    assert.deepEqual(new XdsWriter(dir).publish(second), [], "a restarted writer sees what is already there");
    assert.equal(readFileSync(join(dir, "unrelated.txt"), "utf8"), "not ours");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the bootstrap has admin on loopback, Weir's stats tags and dynamic LDS/CDS from the watched directory, nothing else", () => {
  const b = dynamicBootstrap({ xdsDir: "/x", adminPort: 19000 }) as any;
  assert.deepEqual(Object.keys(b).sort(), ["admin", "dynamic_resources", "node", "stats_config"]);
  assert.deepEqual(b.stats_config, statsConfig(), "stats_config is bootstrap-only: the xDS files cannot carry it");
  assert.equal(b.admin.address.socket_address.address, "127.0.0.1");
  assert.deepEqual(b.dynamic_resources.lds_config.path_config_source, { path: "/x/lds.json", watched_directory: { path: "/x" } });
  const withProbe = dynamicBootstrap({ xdsDir: "/x", adminPort: 19000, readyPort: 19001 }) as any;
  const route = withProbe.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes;
  assert.deepEqual(route.map((r: any) => r.match.path), ["/ready"], "the probe listener exposes /ready of the admin API only");
});
