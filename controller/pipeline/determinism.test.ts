// Same manifests → same bytes, whatever the order of files and documents.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitDocuments } from "../load/split-documents.ts";
import type { SourceFile } from "../load/types.ts";
import { caseSources, GOLDEN_OPTIONS, goldenCases, readGolden, testFilter } from "./golden.ts";
import { render } from "./render.ts";

function envoyYaml(sources: SourceFile[]): string {
  const result = render(sources, GOLDEN_OPTIONS, testFilter());
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.envoyYaml;
}

/** One file per document, in reverse order. */
function reshuffled(sources: SourceFile[]): SourceFile[] {
  return sources
    .flatMap((s) => splitDocuments(s.text).map((d, i) => ({ file: `${s.file}#${i}`, text: d.text })))
    .reverse();
}

for (const name of goldenCases().filter((c) => readGolden(c, "envoy.yaml") !== undefined)) {
  test(`${name}: rendering twice gives identical bytes`, () => {
    assert.equal(envoyYaml(caseSources(name)), envoyYaml(caseSources(name)));
  });

  test(`${name}: file and document order do not change the output`, () => {
    assert.equal(envoyYaml(reshuffled(caseSources(name))), envoyYaml(caseSources(name)));
  });
}
