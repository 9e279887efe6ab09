// Tests of the proxy-wasm host itself, against the ABI fixture (fixtures/abi-fixture.ts), never
// against the Weir filter.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { buildFixture, FIXTURE_ROOT_ID } from "./fixtures/build.ts";
import {
  ProxyWasmHost, WasmAbort, WasmLoadError, exchange, chunkings, importsEnvoyLacks, type HostOptions,
} from "./index.ts";

let wasm = "";
before(() => {
  wasm = buildFixture();
});

const load = (pluginConfig: string, options: Partial<HostOptions> = {}) =>
  ProxyWasmHost.load(wasm, { pluginConfig, rootId: FIXTURE_ROOT_ID, ...options });

const callbacks = (host: ProxyWasmHost, id: number, name: string) => host.traceFor(id).filter((t) => t.callback === name);

describe("loading and configuration", () => {
  test("the fixture imports only what Envoy provides", () => {
    assert.deepEqual(importsEnvoyLacks(new WebAssembly.Module(readFileSync(wasm))), []);
  });

  test("lifecycle: root context, vm start, configure", async () => {
    const host = await load("");
    assert.equal(host.configured, true);
    assert.deepEqual(
      host.trace.map((t) => `${t.callback}(${t.args.join(",")})`),
      ["proxy_on_context_create(1,0)", "proxy_on_vm_start(1,0)", "proxy_on_configure(1,0)"],
    );
    host.assertNoErrorLogs();
  });

  test("configure() returns what proxy_on_configure returned", async () => {
    const host = await load("reject");
    assert.equal(host.configured, false);
    assert.throws(() => host.newStream(), /Envoy would reject this plugin configuration/);
    assert.equal(host.configure("add-request-header=x:y"), true);
    assert.ok(host.newStream());
  });

  test("a root id the module did not register aborts while the root context is created", async () => {
    await assert.rejects(load("", { rootId: "nope" }), (e: unknown) => {
      assert.ok(e instanceof WasmAbort);
      assert.equal(e.kind, "proc_exit");
      assert.match(e.message, /Missing root context factory for root id: nope/);
      return true;
    });
  });

  test("modules importing what Envoy lacks are refused", async () => {
    await assert.rejects(ProxyWasmHost.load(tinyModule([["env", "abort"]], "proxy_abi_version_0_2_0"), { pluginConfig: "" }), (e: unknown) => {
      assert.ok(e instanceof WasmLoadError);
      assert.match(e.message, /env\.abort/);
      return true;
    });
    await assert.rejects(
      ProxyWasmHost.load(tinyModule([["env", "proxy_get_log_level"]], "proxy_abi_version_0_2_0"), { pluginConfig: "" }),
      /env\.proxy_get_log_level/,
    );
    const ok = await ProxyWasmHost.load(tinyModule([["env", "proxy_get_log_level"]], "proxy_abi_version_0_2_1"), { pluginConfig: "" });
    assert.equal(ok.abiVersion, "0.2.1");
    await assert.rejects(ProxyWasmHost.load(tinyModule([], "no_abi_export"), { pluginConfig: "" }), /ABI version/);
  });

  test("host calls from the start function or _start fail as in Envoy", async () => {
    const abi = "proxy_abi_version_0_2_0";
    await assert.rejects(
      ProxyWasmHost.load(tinyModule([["env", "proxy_log"]], abi, "start"), { pluginConfig: "" }),
      (e: unknown) => e instanceof WasmAbort && /being instantiated/.test(e.message),
    );
    await assert.rejects(
      ProxyWasmHost.load(tinyModule([["env", "proxy_get_property"]], abi, "_start"), { pluginConfig: "" }),
      (e: unknown) => e instanceof WasmAbort && /env\.proxy_get_property called from _start/.test(e.message),
    );
    const logging = await ProxyWasmHost.load(tinyModule([["env", "proxy_log"]], abi, "_start"), { pluginConfig: "" });
    assert.deepEqual(logging.trace.map((t) => t.callback).slice(0, 2), ["_start", "proxy_on_context_create"]);
  });
});

describe("request headers", () => {
  test("edits reach the upstream and clear the route cache", async () => {
    const host = await load("add-request-header=x-added:yes;replace-request-header=user-agent:weir;remove-request-header=x-drop");
    const { upstream, stream } = exchange(host, {
      request: { headers: { ":path": "/v1/chat", "User-Agent": "curl/8", "x-drop": "1" } },
      response: {},
    });
    assert.equal(upstream.forwarded, true);
    assert.equal(upstream.headers.get("x-added"), "yes");
    assert.equal(upstream.headers.get("user-agent"), "weir");
    assert.equal(upstream.headers.has("x-drop"), false);
    assert.equal(upstream.headers.get(":path"), "/v1/chat");
    assert.equal(stream.routeCacheCleared, true);
    assert.ok(host.logMessages().includes("abi add_header=0"));
    host.assertNoErrorLogs();
  });

  test("untouched headers pass as sent and leave the route cache alone", async () => {
    const host = await load("");
    const { upstream, stream, downstream } = exchange(host, {
      request: { headers: [[":method", "GET"], [":path", "/x"], [":authority", "a"], [":scheme", "http"], ["Accept", "text/plain"]] },
      response: { status: 204 },
    });
    assert.deepEqual(upstream.headers.pairs(), [[":method", "GET"], [":path", "/x"], [":authority", "a"], [":scheme", "http"], ["accept", "text/plain"]]);
    assert.equal(upstream.ended, true);
    assert.equal(stream.routeCacheCleared, false);
    assert.equal(downstream.status, 204);
  });

  test("request headers are gone once they went upstream (BadArgument in the body callback)", async () => {
    const host = await load("read-headers-in-body");
    exchange(host, { request: { body: "x" } });
    assert.ok(host.logMessages().includes("abi get_request_header_in_body=2"));
  });

  test("properties: route name per stream, plugin_root_id, unknown is NotFound", async () => {
    const host = await load("read-route");
    const routed = exchange(host, { request: {}, routeName: "r1" });
    assert.equal(routed.upstream.headers.get("x-route"), "r1");
    const unrouted = exchange(host, { request: {} });
    assert.equal(unrouted.upstream.headers.get("x-route"), "");
    const logs = host.logMessages();
    assert.ok(logs.includes("plugin_root_id=abi-fixture"));
    assert.equal(logs.filter((l) => l === "abi get_property=1").length, 3); // missing path ×2, no route ×1
  });
});

describe("request body", () => {
  const body = "hello, wörld — chunked";

  test("replace-all after StopIterationAndBuffer, split at every offset", async () => {
    const host = await load("upper-request-body");
    const bytes = Buffer.byteLength(body);
    for (const chunks of chunkings(bytes)) {
      const { upstream, stream } = exchange(host, { request: { body, chunks }, response: { body: "ok" } });
      assert.equal(upstream.bodyText, "HELLO, WöRLD — CHUNKED", `chunks ${chunks}`);
      assert.equal(upstream.chunks.length, 1, "the buffered body goes upstream in one piece");
      const calls = callbacks(host, stream.id, "proxy_on_request_body");
      const expected = chunks.length === 0 ? 1 : chunks.length + (chunks.reduce((a, b) => a + b, 0) < bytes ? 1 : 0);
      assert.equal(calls.length, expected);
      // Each call sees the whole body so far; only the last one has end_of_stream.
      assert.equal(calls.at(-1)!.args[1], bytes);
      assert.equal(calls.at(-1)!.args[2], 1);
    }
    host.assertNoErrorLogs();
  });

  test("append and prepend", async () => {
    const host = await load("append-request-body=!;prepend-request-body=>>");
    for (const chunks of chunkings(5)) {
      const { upstream } = exchange(host, { request: { body: "hello", chunks } });
      assert.equal(upstream.bodyText, ">>hello!");
    }
    assert.ok(host.logMessages().includes("abi append_body=0"));
    assert.ok(host.logMessages().includes("abi prepend_body=0"));
  });

  test("writing in the middle of the body is BadArgument", async () => {
    const host = await load("partial-replace");
    const { upstream } = exchange(host, { request: { body: "abcdef", chunks: [2] } });
    assert.equal(upstream.bodyText, "abcdef");
    assert.ok(host.logMessages().includes("abi middle_replace=2"));
  });

  test("body callbacks see each chunk when the filter does not buffer", async () => {
    const host = await load("log-body");
    const { upstream } = exchange(host, { request: { body: "abcdef", chunks: [2, 3] } });
    assert.deepEqual(upstream.chunks.map((c) => Buffer.from(c).toString()), ["ab", "cde", "f"]);
    const seen = host.logMessages().filter((l) => l.startsWith("request body chunk="));
    assert.deepEqual(seen, ["request body chunk=ab", "request body chunk=cde", "request body chunk=f"]);
  });

  test("buffering past the stream buffer limit gets Envoy's 413", async () => {
    const host = await load("upper-request-body", { bufferLimitBytes: 8 });
    const { downstream, upstream, localResponse } = exchange(host, { request: { body: "0123456789abcdef", chunks: [5, 5] } });
    assert.equal(downstream.status, 413);
    assert.equal(downstream.bodyText, "Payload Too Large");
    assert.equal(localResponse?.source, "envoy");
    assert.equal(upstream.bodyText, "");
  });
});

describe("StopIteration from request headers", () => {
  test("by default it stops body callbacks as well (StopAllIterationAndWatermark)", async () => {
    const host = await load("stop-headers");
    const stream = host.newStream();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/", ":authority": "a" }).sendRequestBody("ab").sendRequestBody("cd", true);
    assert.equal(callbacks(host, stream.id, "proxy_on_request_body").length, 0);
    assert.equal(stream.upstream.forwarded, false);
    assert.throws(() => stream.sendResponseHeaders({ ":status": "200" }), /never reached the upstream/);
  });

  test("with allow_on_headers_stop_iteration, Continue from the body resumes the headers", async () => {
    const host = await load("stop-headers", { allowOnHeadersStopIteration: true });
    const stream = host.newStream();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/", ":authority": "a" }).sendRequestBody("ab");
    assert.equal(callbacks(host, stream.id, "proxy_on_request_body").length, 1);
    assert.equal(stream.upstream.forwarded, true);
    stream.sendRequestBody("cd", true);
    assert.equal(stream.upstream.bodyText, "abcd");
    assert.equal(stream.upstream.ended, true);
  });
});

describe("local responses", () => {
  test("a local reply from request headers answers the client and nothing goes upstream", async () => {
    const host = await load("local-reply=418");
    const stream = host.newStream();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/", ":authority": "a" });
    stream.sendRequestBody("ignored", true);
    assert.equal(stream.upstream.forwarded, false);
    assert.equal(callbacks(host, stream.id, "proxy_on_request_body").length, 0);
    assert.equal(stream.downstream.status, 418);
    assert.equal(stream.downstream.bodyText, "teapot");
    assert.equal(stream.downstream.headers.get("x-fixture"), "local");
    assert.equal(stream.downstream.headers.get("content-type"), "text/plain");
    assert.equal(stream.downstream.headers.get("content-length"), "6");
    assert.deepEqual(
      { ...stream.localResponse, body: undefined, headers: stream.localResponse?.headers.pairs() },
      { status: 418, details: "fixture local reply", body: undefined, bodyText: "teapot", headers: [["x-fixture", "local"]], grpcStatus: null, source: "filter", delivery: "filter-chain" },
    );
    // The headers callback's Continue was ignored; the reply went through the filter's response callbacks.
    assert.equal(callbacks(host, stream.id, "proxy_on_request_headers")[0].status, 4);
    assert.ok(host.logMessages().includes("response headers count=4 eos=0"));
    assert.ok(host.logMessages().includes("response body size=6 eos=1"));
    assert.throws(() => stream.sendResponseHeaders({ ":status": "200" }), /answered by a local reply/);
    stream.complete();
    assert.ok(host.logMessages().includes("on_log status=418"));
  });

  test("a local reply from the last body chunk, after the headers went upstream", async () => {
    const host = await load("local-reply-on-body=403");
    const { upstream, downstream, responseSkipped } = exchange(host, { request: { body: "abc", chunks: [1] }, response: { body: "never" } });
    assert.equal(upstream.forwarded, true);
    assert.equal(upstream.bodyText, "a", "chunks before the reply already went upstream");
    assert.equal(upstream.reset, true);
    assert.equal(downstream.status, 403);
    assert.equal(downstream.bodyText, "rejected");
    assert.match(responseSkipped ?? "", /answered locally with 403/);
  });
});

describe("trailers, direct replies, time", () => {
  test("request trailers pass through; trailers added in the last body callback go upstream", async () => {
    const plain = await load("");
    const passed = exchange(plain, { request: { body: "ab", trailers: { "x-sum": "1" } }, response: {} });
    assert.equal(passed.upstream.trailers?.get("x-sum"), "1");
    assert.equal(passed.upstream.bodyText, "ab");
    assert.ok(plain.logMessages().includes("request trailers count=1"));

    const adding = await load("add-request-trailer");
    const added = exchange(adding, { request: { body: "abc", chunks: [1] } });
    assert.ok(adding.logMessages().includes("abi add_request_trailer=0"));
    assert.equal(added.upstream.bodyText, "abc");
    assert.equal(added.upstream.trailers?.get("x-trailer"), "1");
    assert.equal(added.upstream.ended, true);
  });

  test("a local reply from response headers replaces the upstream response, bypassing the filter", async () => {
    const host = await load("local-reply-on-response=502");
    const { downstream, localResponse, stream } = exchange(host, { request: {}, response: { status: 200, body: "upstream body", chunks: [4] } });
    assert.equal(downstream.status, 502);
    assert.equal(downstream.bodyText, "bad upstream");
    assert.equal(localResponse?.delivery, "direct");
    assert.equal(callbacks(host, stream.id, "proxy_on_response_headers").length, 1, "the direct reply skips the filter");
    assert.equal(callbacks(host, stream.id, "proxy_on_response_body").length, 0, "the rest of the upstream response is dropped");
  });

  test("the clock is deterministic and settable", async () => {
    const host = await load("log-time", { startTimeMs: 1_000 });
    exchange(host, { request: {} });
    host.setTime(new Date("2026-01-01T00:00:00Z"));
    host.advanceTime(1.5);
    exchange(host, { request: {} });
    assert.deepEqual(host.logMessages().filter((l) => l.startsWith("now=")), ["now=1000000000", `now=${(Date.UTC(2026, 0, 1) + 1.5) * 1e6}`]);
  });
});

describe("http_call", () => {
  const headers = { ":method": "POST", ":path": "/v1", ":authority": "api" };

  test("round trip: the stream waits, then continues with the call's answer", async () => {
    const host = await load("http-call=authz", { clusters: ["authz"] });
    const stream = host.newStream();
    stream.sendRequestHeaders(headers).sendRequestBody("payload", true);
    assert.equal(stream.upstream.forwarded, false);
    assert.equal(callbacks(host, stream.id, "proxy_on_request_body").length, 0, "body waits in Envoy while headers are stopped");
    const [call] = host.pendingHttpCalls;
    assert.equal(call.cluster, "authz");
    assert.equal(call.headers.get(":path"), "/check");
    assert.equal(call.headers.get("content-length"), "5");
    assert.equal(call.bodyText, "probe");
    assert.equal(call.timeoutMs, 500);
    assert.equal(call.calledFrom, stream.id);

    host.respondHttpCall(call.token, { status: 200, body: "granted" });
    const response = host.traceFor(1).at(-1)!;
    assert.deepEqual([response.callback, ...response.args], ["proxy_on_http_call_response", 1, call.token, 1, 7, 0]);
    assert.equal(stream.upstream.forwarded, true);
    assert.equal(stream.upstream.headers.get("x-check"), "granted");
    assert.equal(stream.upstream.bodyText, "payload");
    assert.equal(stream.upstream.ended, true);
    assert.deepEqual(callbacks(host, stream.id, "proxy_on_request_body").map((t) => t.args), [[stream.id, 7, 1]]);
    stream.sendResponseHeaders({ ":status": "200" }, true).complete();
    assert.equal(stream.downstream.status, 200);
    host.assertNoErrorLogs();
  });

  test("a denial answers locally", async () => {
    const host = await load("http-call=authz");
    const { downstream, upstream } = exchange(host, {
      request: { headers, body: "x" },
      onHttpCall: () => ({ status: 401, body: "nope" }),
    });
    assert.equal(upstream.forwarded, false);
    assert.equal(downstream.status, 403);
    assert.equal(downstream.bodyText, "denied: nope");
  });

  test("failure calls back with zero headers", async () => {
    const host = await load("http-call=authz");
    const { downstream } = exchange(host, { request: { headers }, onHttpCall: () => "fail" });
    assert.equal(downstream.status, 503);
    assert.equal(downstream.bodyText, "callout failed");
    assert.ok(host.logMessages().includes("http call response headers=0 body=0"));
  });

  test("missing pseudo-headers and unknown clusters are BadArgument", async () => {
    const noPath = await load("http-call-no-path");
    exchange(noPath, { request: {} });
    assert.ok(noPath.logMessages().includes("abi http_call_no_path=2"));
    assert.equal(noPath.httpCalls.length, 0);

    const unknown = await load("http-call=elsewhere", { clusters: ["authz"] });
    const { upstream } = exchange(unknown, { request: {} });
    assert.ok(unknown.logMessages().includes("abi http_call=2"));
    assert.equal(upstream.forwarded, true);
  });
});

describe("response body", () => {
  test("buffer the whole response, then replace it", async () => {
    const host = await load("buffer-response;upper-response-body");
    const body = "data: partial\n\ndata: rest\n\n";
    for (const chunks of chunkings(body.length)) {
      const { downstream } = exchange(host, {
        request: {},
        response: { headers: { "content-type": "text/event-stream", "content-length": String(body.length) }, body, chunks },
      });
      assert.equal(downstream.bodyText, body.toUpperCase());
      assert.equal(downstream.headers.has("content-length"), false);
      assert.equal(downstream.headers.get("x-fixture-buffered"), "1");
      assert.equal(downstream.contentLengthMismatch, false);
    }
  });

  test("past the buffer limit after the headers went out, Envoy can only reset the stream", async () => {
    const host = await load("buffer-response;replace-response-body=short", { bufferLimitBytes: 4 });
    const { downstream, localResponse, stream } = exchange(host, { request: {}, response: { body: "0123456789", chunks: [3, 3] } });
    assert.equal(downstream.status, 200, "the filter let the response headers through before buffering");
    assert.equal(downstream.reset, true);
    assert.equal(downstream.ended, false);
    assert.equal(localResponse?.details, "response_payload_too_large");
    assert.equal(localResponse?.delivery, "reset");
    assert.equal(stream.resetDetails, "response_payload_too_large");
  });
});

describe("metrics, logs, aborts", () => {
  test("counters, gauges and Envoy's rules for increments", async () => {
    const host = await load("count=fixture_requests");
    exchange(host, { request: {} });
    exchange(host, { request: {} });
    assert.equal(host.metrics.get("fixture_requests"), 2);
    assert.equal(host.metrics.get("fixture_requests_inflight"), 6);
    assert.equal(host.metricStore.envoyStats()["wasmcustom.fixture_requests"], 2);
    const logs = host.logMessages();
    assert.equal(logs.filter((l) => l === "abi increment=0").length, 2);
    assert.equal(logs.filter((l) => l === "abi increment_zero=2").length, 2, "Envoy refuses increments ≤ 0");
    assert.ok(logs.includes("counter value=1"));
    assert.ok(logs.includes("counter value=2"));
  });

  test("on_log sees the final response, then on_done and on_delete", async () => {
    const host = await load("");
    const { stream } = exchange(host, { request: {}, response: { status: 202 } });
    assert.deepEqual(host.traceFor(stream.id).slice(-3).map((t) => t.callback), ["proxy_on_log", "proxy_on_done", "proxy_on_delete"]);
    assert.ok(host.logMessages().includes("on_log status=202"));
  });

  test("an abort surfaces as WasmAbort with its message, and the VM stays failed", async () => {
    const host = await load("abort-on-headers");
    assert.throws(() => exchange(host, { request: {} }), (e: unknown) => {
      assert.ok(e instanceof WasmAbort);
      assert.equal(e.kind, "proc_exit");
      assert.equal(e.during, "proxy_on_request_headers");
      assert.match(e.message, /fixture abort requested at: .*abi-fixture\.ts/);
      assert.equal(e.exitCode, 255);
      return true;
    });
    assert.ok(host.failed);
    assert.throws(() => host.newStream(), WasmAbort);
    assert.equal(host.errorLogs().at(-1)?.levelName, "critical");
  });
});

/**
 * A minimal module: the given imports (type () → ()), one ABI marker export, malloc and memory,
 * and optionally a function calling the first import, run as the start function or exported as _start.
 */
function tinyModule(imports: [string, string][], abiExport: string, callFirstImportFrom?: "start" | "_start"): Uint8Array {
  const leb = (n: number) => {
    const out: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return out;
  };
  const name = (s: string) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
  const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const n = imports.length;
  const exportsList = [[...name(abiExport), 0x00, ...leb(n)], [...name("malloc"), 0x00, ...leb(n + 1)], [...name("memory"), 0x02, 0]];
  if (callFirstImportFrom === "_start") exportsList.push([...name("_start"), 0x00, ...leb(n + 2)]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 0, 0], [0x60, 1, 0x7f, 1, 0x7f]])),
    ...section(2, vec(imports.map(([m, f]) => [...name(m), ...name(f), 0x00, 0]))),
    ...section(3, vec([[0], [1], [0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec(exportsList)),
    ...(callFirstImportFrom === "start" ? section(8, leb(n + 2)) : []),
    ...section(10, vec([[2, 0, 0x0b], [4, 0, 0x41, 8, 0x0b], n ? [4, 0, 0x10, 0, 0x0b] : [2, 0, 0x0b]])),
  ]);
}
