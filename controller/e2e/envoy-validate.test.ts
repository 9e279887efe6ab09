// The real Envoy accepts what Weir renders: `envoy --mode validate` parses
// the bootstrap, builds every listener, route and cluster (TLS contexts and
// CA files included) and loads the Weir filter, running its on_configure on
// the plugin config. So this also proves the filter accepts the contract.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { envoyBinary } from "../../test/support/envoy.ts";
import { pluginConfig } from "../envoy/wasm-filter.ts";
import { caseSources, FILTER_WASM, GOLDEN_OPTIONS, goldenCases, readGolden, testFilter } from "../pipeline/golden.ts";
import { render, type RenderOptions } from "../pipeline/render.ts";
import type { IR } from "../ir/types.ts";
import { buildBundle, REPO_ROOT } from "./bundle.ts";

const envoy = envoyBinary();
const wasm = FILTER_WASM;

const work = mkdtempSync(join(tmpdir(), "weir-envoy-validate-"));
after(() => rmSync(work, { recursive: true, force: true }));
const options: RenderOptions = { ...GOLDEN_OPTIONS, wasmPath: wasm };

function envoyValidate(name: string, yaml: string): { ok: boolean; output: string } {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, yaml);
  const r = spawnSync(envoy, ["--mode", "validate", "-c", file, "--disable-hot-restart", "-l", "warn"], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function renderCase(name: string, overrides: Partial<RenderOptions> = {}): string {
  const result = render(caseSources(name), { ...options, ...overrides }, testFilter());
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.envoyYaml;
}

// A case may use what the contract carries before the filter implements it
// (the filter's parser refuses it, so `weir render` would too): Envoy cannot
// load that filter config yet, which is not what this test is about.
function filterRefusal(name: string): string | undefined {
  const ir = JSON.parse(readGolden(name, "ir.json")!) as IR;
  return testFilter()(JSON.stringify(pluginConfig(ir)));
}

for (const name of goldenCases().filter((c) => readGolden(c, "envoy.yaml") !== undefined)) {
  const refused = filterRefusal(name);
  const skip = refused ? `SKIPPED: the built filter does not take this case's policy yet: ${refused}` : false;
  if (skip) console.error(`\n*** envoy-validate ${name}: ${skip} ***\n`);
  test(`envoy accepts the ${name} case`, { skip }, () => {
    const { ok, output } = envoyValidate(name, renderCase(name));
    assert.ok(ok, output);
    assert.match(output, /OK/);
  });
}

test("envoy accepts the samples, as rendered by the CLI, with and without --backend-host-override", () => {
  for (const extra of [[], ["--backend-host-override", "127.0.0.1:18443"]]) {
    const r = spawnSync(process.execPath, [buildBundle(), "render", "-f", join(REPO_ROOT, "envoy", "samples"), "--wasm", wasm, ...extra], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const { ok, output } = envoyValidate(`samples${extra.length}`, r.stdout);
    assert.ok(ok, output);
  }
});

// Shows the check has teeth: the TLS context really is built, CA file included.
test("envoy rejects a TLS cluster whose CA bundle does not exist", () => {
  const { ok, output } = envoyValidate("bad-ca", renderCase("providers", { caBundle: "/nonexistent/ca.pem" }));
  assert.ok(!ok);
  assert.match(output, /nonexistent\/ca\.pem/);
});
