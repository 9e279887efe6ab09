import { test } from "node:test";
import assert from "node:assert/strict";
import { ProxyWasmHost } from "../host/index.ts";
import { WEIR_WASM, loadWeir } from "./load.ts";

test("a valid plugin config is accepted", async () => {
  const host = await loadWeir({ routes: { r: { provider: "openai", auth: { mode: "passthrough" } } } });
  assert.equal(host.configured, true);
  host.assertNoErrorLogs();
});

test("a malformed plugin config is refused with a log line naming the field", async () => {
  const cases: [string, RegExp][] = [
    ["", /plugin configuration is empty/],
    ["{routes:", /not valid JSON/],
    ['{"routes":{"r1":{"provider":"openia","auth":{"mode":"inline","key":"sk-x"}}}}', /routes\["r1"\]\.provider: unknown provider "openia"/],
    ['{"routes":{"r1":{"provider":"openai","auth":{"mode":"inline"}}}}', /routes\["r1"\]\.auth\.key: required/],
    ['{"routes":{"r1":{"provider":"openai","auth":{"mode":"inline","key":"k"},"maxRequestBodyBytes":-5}}}', /routes\["r1"\]\.maxRequestBodyBytes/],
    ['{"routes":{},"rotues":{}}', /plugin configuration\.rotues: unknown field \(this filter knows: routes\)/],
  ];
  for (const [config, message] of cases) {
    const host = await ProxyWasmHost.load(WEIR_WASM, { pluginConfig: config, allowOnHeadersStopIteration: true });
    assert.equal(host.configured, false, config);
    const errors = host.errorLogs().map((l) => l.message);
    assert.ok(errors.some((m) => message.test(m)), `${config}: ${errors.join(" | ")}`);
    assert.ok(!errors.join("").includes("sk-x"));
  }
});
