// Golden tests, stage by stage: input.yaml → (load, validate) → IR = ir.json;
// ir.json → Envoy stage = envoy.yaml; invalid inputs → diagnostics.txt.
// UPDATE_GOLDEN=1 rewrites the goldens from the current code.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sortDiagnostics } from "../diagnostics.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { toYaml } from "../envoy/yaml.ts";
import { buildIR } from "../ir/build-ir.ts";
import type { IR } from "../ir/types.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "../validate/validate.ts";
import { caseOptions, caseSources, formatDiagnostics, golden, goldenCases, readGolden } from "./golden.ts";

const HINT = "(run with UPDATE_GOLDEN=1 to accept the new output, then review the diff)";

for (const name of goldenCases()) {
  test(`golden: ${name}`, () => {
    const options = caseOptions(name);
    const loaded = parseManifests(caseSources(name));
    const validated = validate(loaded.objects);
    const expectsErrors = readGolden(name, "diagnostics.txt") !== undefined;

    if (!validated.ok || loaded.errors.length > 0 || expectsErrors) {
      const errors = sortDiagnostics([...loaded.errors, ...(validated.ok ? [] : validated.errors)]);
      const actual = formatDiagnostics(errors, validated.warnings);
      assert.equal(actual, golden(name, "diagnostics.txt", actual), `${name}/diagnostics.txt differs ${HINT}`);
      return;
    }

    const ir = buildIR(validated.resources, options);
    const irJson = `${JSON.stringify(ir, null, 2)}\n`;
    assert.equal(irJson, golden(name, "ir.json", irJson), `${name}/ir.json differs ${HINT}`);

    // The Envoy stage is checked on the golden IR, so each stage is pinned on its own.
    const goldenIR = JSON.parse(readGolden(name, "ir.json")!) as IR;
    const envoyYaml = toYaml(renderBootstrap(goldenIR, options));
    assert.equal(envoyYaml, golden(name, "envoy.yaml", envoyYaml), `${name}/envoy.yaml differs ${HINT}`);
  });
}
