// Properties of the bootstrap that matter beyond its exact bytes (those are
// pinned by the goldens): safety of the upstream, timeouts, the filter's config.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RoutePolicy } from "../ir/plugin-config.ts";
import type { IR } from "../ir/types.ts";
import { renderBootstrap } from "./bootstrap.ts";
import { ACCESS_LOG_FORMAT, STATS_TAGS } from "./observability.ts";
import { DEFAULT_ENVOY_OPTIONS } from "./options.ts";

const AZURE_POLICY: RoutePolicy = { provider: "azureopenai", auth: { mode: "inline", key: "k", header: "api-key", prefix: "" } };
const SOURCE = { object: "LLMBackend default/azure", source: { file: "in.yaml", line: 1 }, field: "spec.llm" };
const prefix = (value: string) => ({ path: { type: "PathPrefix" as const, value }, headers: [], queryParams: [] });

const IR_FIXTURE: IR = {
  listeners: [
    {
      name: "default/gw/http",
      port: 10000,
      virtualHosts: [
        {
          name: "default/gw/http/*",
          domains: ["*"],
          routes: [
            {
              name: "httproute/default/r/rule/0/match/0",
              match: prefix("/azure/"),
              action: {
                type: "ForwardToLLM",
                cluster: "llmbackend/default/azure",
                host: { rewrite: "r.openai.azure.com" },
                path: { type: "ReplaceFullPath", value: "/openai/deployments/d/chat/completions" },
                query: [{ key: "api-version", value: "2024-10-21" }],
                routeType: "CHAT",
                policy: AZURE_POLICY,
                sources: { backend: SOURCE },
              },
            },
            { name: "httproute/default/r/rule/1/match/0", match: prefix("/"), action: { type: "NoBackend" } },
          ],
        },
      ],
    },
  ],
  clusters: [
    { name: "llmbackend/default/azure", priorities: [[{ host: "r.openai.azure.com", port: 443, tls: true, hostHeader: "r.openai.azure.com" }]] },
  ],
};

// Loose access into the rendered object; the shape is Envoy's, checked by the goldens and by Envoy itself.
type Loose = { [key: string]: Loose } & Loose[];
const bootstrap = renderBootstrap(IR_FIXTURE, DEFAULT_ENVOY_OPTIONS) as Loose;
const hcm = bootstrap.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const routes = hcm.route_config.virtual_hosts[0].routes;

test("admin listens on loopback only", () => {
  assert.deepEqual(bootstrap.admin.address.socket_address, { address: "127.0.0.1", port_value: 9901 });
});

test("routes have no overall timeout, an idle timeout, and rewrite path and host themselves", () => {
  const route = routes[0].route;
  assert.equal(route.timeout, "0s");
  assert.ok(route.idle_timeout);
  assert.equal(route.host_rewrite_literal, "r.openai.azure.com");
  assert.deepEqual(route.regex_rewrite, { pattern: { regex: "^.*$" }, substitution: "/openai/deployments/d/chat/completions" });
  const mutation = routes[0].typed_per_filter_config["envoy.filters.http.header_mutation"];
  assert.deepEqual(mutation.mutations.query_parameter_mutations, [
    { remove: "key" },
    { append: { record: { key: "api-version", value: "2024-10-21" }, action: "OVERWRITE_IF_EXISTS_OR_ADD" } },
  ]);
  assert.deepEqual(routes[0].match, { path_separated_prefix: "/azure" });
  assert.deepEqual(routes[1], { name: "httproute/default/r/rule/1/match/0", match: { prefix: "/" }, direct_response: { status: 500 } });
});

test("filter chain: header mutation, then Weir (fail closed, V8), then the router", () => {
  assert.deepEqual(hcm.http_filters.map((f: Loose) => f.name as unknown as string), [
    "envoy.filters.http.header_mutation",
    "envoy.filters.http.wasm",
    "envoy.filters.http.router",
  ]);
  const wasm = hcm.http_filters[1].typed_config.config;
  assert.equal(wasm.fail_open, false);
  assert.equal(wasm.root_id, "weir");
  assert.equal(wasm.vm_config.runtime, "envoy.wasm.runtime.v8");
  assert.equal(wasm.configuration["@type"], "type.googleapis.com/google.protobuf.StringValue");
  // Only routes that forward to an LLM have a policy.
  assert.deepEqual(JSON.parse(wasm.configuration.value as unknown as string), {
    routes: { "httproute/default/r/rule/0/match/0": AZURE_POLICY },
  });
});

test("TLS clusters validate the certificate chain and the provider's name", () => {
  const tls = bootstrap.static_resources.clusters[0].transport_socket.typed_config;
  assert.equal(tls.sni, "r.openai.azure.com");
  assert.deepEqual(tls.common_tls_context.validation_context, {
    trusted_ca: { filename: "/etc/ssl/certs/ca-certificates.crt" },
    match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: "r.openai.azure.com" } }],
  });
});

test("plain-HTTP clusters (local mocks) have no transport socket", () => {
  const endpoint = { host: "127.0.0.1", port: 8080, tls: false, hostHeader: "127.0.0.1:8080" };
  const plain = renderBootstrap({ ...IR_FIXTURE, clusters: [{ name: "c", priorities: [[endpoint]] }] }, DEFAULT_ENVOY_OPTIONS) as Loose;
  assert.equal(plain.static_resources.clusters[0].transport_socket, undefined);
});

test("LLM routes name their provider in metadata, for the access log", () => {
  assert.deepEqual(routes[0].metadata, { filter_metadata: { weir: { provider: "azureopenai" } } });
  assert.equal(routes[1].metadata, undefined);
});

test("access log: Envoy's stdout by default, a file with accessLogPath; Weir's filter state and the route's provider", () => {
  assert.deepEqual(hcm.access_log.map((l: Loose) => l.name as unknown as string), ["envoy.access_loggers.stdout"]);
  const toFile = renderBootstrap(IR_FIXTURE, { ...DEFAULT_ENVOY_OPTIONS, accessLogPath: "/var/log/weir.log" }) as Loose;
  const [log] = toFile.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.access_log;
  assert.equal(log.name, "envoy.access_loggers.file");
  assert.equal(log.typed_config.path, "/var/log/weir.log");
  assert.equal(log.typed_config.log_format.text_format_source.inline_string, ACCESS_LOG_FORMAT);
  for (const state of ["prompt_tokens", "completion_tokens", "total_tokens", "model", "guard"]) {
    assert.ok(ACCESS_LOG_FORMAT.includes(`%FILTER_STATE(wasm.weir.${state}:PLAIN)%`), state);
  }
  for (const part of ["%ROUTE_NAME%", "%METADATA(ROUTE:weir:provider)%", "%RESPONSE_CODE%", "%REQ(:METHOD)%", "%DURATION%"]) assert.ok(ACCESS_LOG_FORMAT.includes(part), part);
  assert.ok(!/%REQ\(:PATH\)%|X-ENVOY-ORIGINAL-PATH/.test(ACCESS_LOG_FORMAT), "the path is logged without its query, which may hold a key");
});

test("stats tags turn each of the filter's counter names into its metric and labels", () => {
  assert.deepEqual(bootstrap.stats_config.stats_tags, STATS_TAGS);
  // What Envoy does with each tag: the regex's first group is cut from the
  // name, its second is the tag's value. (The e2e tests check the real scrape.)
  const extract = (name: string) => {
    const labels: Record<string, string> = {};
    for (const { tag_name, regex } of STATS_TAGS) {
      const m = new RegExp(regex).exec(name);
      if (!m) continue;
      labels[tag_name] = m[2];
      name = name.replace(m[1], "");
    }
    return { name, labels };
  };
  const route = "httproute/default/chat/rule/0/match/0";
  assert.deepEqual(extract(`wasmcustom.weir.tokens.total;route=${route};provider=openai;model=gpt-4o-mini`), {
    name: "wasmcustom.weir.tokens.total", labels: { route, provider: "openai", model: "gpt-4o-mini" },
  });
  assert.deepEqual(extract(`wasmcustom.weir.request.guard;route=${route};provider=openai;model=gpt-4o;outcome=rejected`), {
    name: "wasmcustom.weir.request.guard", labels: { route, provider: "openai", model: "gpt-4o", outcome: "rejected" },
  });
  assert.deepEqual(extract(`wasmcustom.weir.stream.anomalies;route=${route};provider=anthropic;reason=incomplete`), {
    name: "wasmcustom.weir.stream.anomalies", labels: { route, provider: "anthropic", reason: "incomplete" },
  });
  assert.deepEqual(extract(`wasmcustom.weir.response.masked;route=${route};provider=gemini`), {
    name: "wasmcustom.weir.response.masked", labels: { route, provider: "gemini" },
  });
  assert.deepEqual(extract("http.http-10000.downstream_rq_total"), { name: "http.http-10000.downstream_rq_total", labels: {} }, "Envoy's own stats are left alone");
});
