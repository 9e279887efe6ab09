// Envoy refuses to load a module that imports anything it does not provide. build/weir.wasm must
// import only names from ENVOY_IMPORTS (and only those its ABI version gets).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ENVOY_IMPORTS, abiVersionOf, envoyImportsFor, importsEnvoyLacks } from "./envoy-imports.ts";
import { REPO_ROOT } from "./fixtures/build.ts";

const WEIR_WASM = join(REPO_ROOT, "build/weir.wasm");

test("ENVOY_IMPORTS lists proxy-wasm 0.2.x host functions and Envoy's WASI subset", () => {
  for (const name of [
    "env.proxy_log", "env.proxy_get_property", "env.proxy_http_call", "env.proxy_set_buffer_bytes",
    "env.proxy_continue_stream", "env.proxy_get_log_level", "wasi_unstable.proc_exit",
    "wasi_snapshot_preview1.fd_write", "wasi_snapshot_preview1.clock_time_get", "wasi_unstable.random_get",
  ]) {
    assert.ok(ENVOY_IMPORTS.includes(name), name);
  }
  for (const name of [
    "env.abort", "env.trace", "env.seed", "env.proxy_dispatch_http_call", "env.proxy_clear_route_cache",
    "wasi_snapshot_preview1.sched_yield", "wasi_snapshot_preview1.poll_oneoff",
  ]) {
    assert.ok(!ENVOY_IMPORTS.includes(name), name);
  }
  assert.ok(!envoyImportsFor("0.2.0").has("env.proxy_get_log_level"), "get_log_level needs ABI 0.2.1");
});

test("build/weir.wasm imports only what Envoy provides", (t) => {
  if (!existsSync(WEIR_WASM)) {
    t.skip("build/weir.wasm does not exist yet: run `npm run build:filter` (npm test builds it first)");
    return;
  }
  const module = new WebAssembly.Module(readFileSync(WEIR_WASM));
  const abi = abiVersionOf(module);
  assert.ok(abi === "0.2.0" || abi === "0.2.1", `weir.wasm must export proxy_abi_version_0_2_0 or _0_2_1 (found ${abi})`);
  const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
  const unknown = imports.filter((name) => !ENVOY_IMPORTS.includes(name));
  assert.deepEqual(unknown, [], `imports Envoy does not provide: ${unknown.join(", ")}`);
  assert.deepEqual(importsEnvoyLacks(module), [], `imports Envoy does not provide to ABI ${abi} modules`);
});
