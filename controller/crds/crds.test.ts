// The CRDs: pinned by a golden file, structural (every node typed and
// described, for `kubectl explain`), and in step with what the validator
// accepts: every valid manifest in the goldens and samples conforms, and
// manifests the validator refuses for their shape are refused by the schema too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseManifests } from "../load/parse-manifests.ts";
import { caseSources, golden, goldenCases, readGolden } from "../pipeline/golden.ts";
import { PROVIDERS } from "../providers/registry.ts";
import { crdObjects, crdsYaml } from "./crds.ts";
import { SETTING_DESCRIPTIONS } from "./llm-schema.ts";
import { schemaProblems, structuralProblems } from "./schema-check.ts";
import type { Schema } from "./schema.ts";

type Crd = { spec: { names: { kind: string }; versions: { schema: { openAPIV3Schema: Schema } }[] } };
const schemaOf = (kind: string) =>
  (crdObjects() as Crd[]).find((c) => c.spec.names.kind === kind)!.spec.versions[0].schema.openAPIV3Schema;

test("golden: crds", () => {
  const actual = crdsYaml();
  assert.equal(actual, golden("crds", "crds.yaml", actual), "crds/crds.yaml differs (run with UPDATE_GOLDEN=1, then review the diff)");
});

test("the schemas are structural and every field is described", () => {
  for (const kind of ["LLMBackend", "AIPolicy"]) assert.deepEqual(structuralProblems(schemaOf(kind)), [], kind);
  for (const provider of Object.values(PROVIDERS)) {
    for (const field of Object.keys(provider.fields)) assert.ok(SETTING_DESCRIPTIONS[`${provider.kind}.${field}`], `${provider.kind}.${field}`);
  }
});

test("every LLMBackend and AIPolicy of the valid goldens and samples conforms to its CRD", () => {
  let checked = 0;
  for (const name of goldenCases().filter((c) => readGolden(c, "ir.json") !== undefined)) {
    for (const { object } of parseManifests(caseSources(name)).objects) {
      if (object.apiVersion !== "weir.dev/v1alpha1") continue;
      assert.deepEqual(schemaProblems(object, schemaOf(object.kind as string)), [], `${name}: ${object.kind}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} objects checked`);
});

test("shapes the validator refuses, the schema refuses too", () => {
  const backend = (llm: object) => ({ apiVersion: "weir.dev/v1alpha1", kind: "LLMBackend", metadata: { name: "b" }, spec: { llm } });
  const token = { kind: "Passthrough" };
  const cases: [object, RegExp][] = [
    [backend({ provider: { openai: { authToken: token }, anthropic: { authToken: token } } }), /spec\.llm\.provider: too many properties/],
    [backend({ provider: { openia: { authToken: token } } }), /spec\.llm\.provider\.openia: unknown field/],
    [backend({ provider: { gemini: { authToken: token } } }), /spec\.llm\.provider\.gemini\.model: required/],
    [backend({ provider: { openai: { authToken: { kind: "Secret" } } } }), /authToken\.kind: not one of/],
    [backend({ provider: { openai: { authToken: token } }, hostOverride: { host: "h", port: 70000 } }), /hostOverride\.port: above 65535/],
  ];
  for (const [object, problem] of cases) assert.match(schemaProblems(object, schemaOf("LLMBackend")).join("\n"), problem);
  const policy = {
    apiVersion: "weir.dev/v1alpha1",
    kind: "AIPolicy",
    metadata: { name: "p" },
    spec: {
      targetRefs: [],
      ai: {
        routeType: "STREAM",
        promptGuard: {
          request: { regex: { builtins: ["IBAN"] } },
          response: { regex: { builtins: ["EMAIL"] }, streamHoldBackBytes: 32, streamOverflow: "drop" },
        },
      },
    },
  };
  const problems = schemaProblems(policy, schemaOf("AIPolicy")).join("\n");
  for (const problem of [/targetRefs: too few items/, /routeType: not one of/, /builtins\[0\]: not one of/, /streamHoldBackBytes: below 64/, /streamOverflow: not one of/]) {
    assert.match(problems, problem);
  }
});
