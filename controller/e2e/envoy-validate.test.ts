// The real Envoy accepts what Weir renders: `envoy --mode validate` parses
// the bootstrap, builds every listener, route and cluster (TLS contexts and
// CA files included) and loads the Weir filter, running its on_configure on
// the plugin config. So this also proves the filter accepts the contract.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { caseInput, GOLDEN_OPTIONS, goldenCases, readGolden } from "../pipeline/golden.ts";
import { render, type RenderOptions } from "../pipeline/render.ts";
import { buildBundle, REPO_ROOT } from "./bundle.ts";
import { findEnvoy, NO_ENVOY } from "./envoy-binary.ts";

const envoy = findEnvoy();
const wasm = process.env.WEIR_WASM ?? join(REPO_ROOT, "build", "weir.wasm");
const skip = !envoy ? NO_ENVOY : !existsSync(wasm) ? `SKIPPED: NO FILTER MODULE at ${wasm}. Run npm run build:filter` : false;
if (skip) console.error(`\n*** envoy-validate: ${skip} ***\n`);

const work = mkdtempSync(join(tmpdir(), "weir-envoy-validate-"));
after(() => rmSync(work, { recursive: true, force: true }));
const options: RenderOptions = { ...GOLDEN_OPTIONS, wasmPath: wasm };

function envoyValidate(name: string, yaml: string): { ok: boolean; output: string } {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, yaml);
  const r = spawnSync(envoy!, ["--mode", "validate", "-c", file, "--disable-hot-restart", "-l", "warn"], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function renderCase(name: string, overrides: Partial<RenderOptions> = {}): string {
  const result = render([caseInput(name)], { ...options, ...overrides });
  assert.ok(result.ok);
  return result.envoyYaml;
}

for (const name of goldenCases().filter((c) => readGolden(c, "envoy.yaml") !== undefined)) {
  test(`envoy accepts the ${name} case`, { skip }, () => {
    const { ok, output } = envoyValidate(name, renderCase(name));
    assert.ok(ok, output);
    assert.match(output, /OK/);
  });
}

test("envoy accepts the samples, as rendered by the CLI, with and without --backend-host-override", { skip }, () => {
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
test("envoy rejects a TLS cluster whose CA bundle does not exist", { skip }, () => {
  const { ok, output } = envoyValidate("bad-ca", renderCase("providers", { caBundle: "/nonexistent/ca.pem" }));
  assert.ok(!ok);
  assert.match(output, /nonexistent\/ca\.pem/);
});
