import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseManifests } from "./parse-manifests.ts";
import { readSources, STDIN_NAME } from "./read-sources.ts";
import { splitDocuments } from "./split-documents.ts";

test("splitDocuments: separators, empty and comment-only documents, line numbers", () => {
  const text = ["---", "a: 1", "--- # next", "# only a comment", "", "---", "b: 2", "c: |", "  ---not a separator", "---", ""].join("\n");
  assert.deepEqual(splitDocuments(text), [
    { text: "a: 1", line: 2 },
    { text: "b: 2\nc: |\n  ---not a separator", line: 7 },
  ]);
});

test("splitDocuments: CRLF and a byte-order mark", () => {
  assert.deepEqual(splitDocuments("\uFEFFa: 1\r\n---\r\nb: 2\r\n"), [
    { text: "a: 1", line: 1 },
    { text: "b: 2\n", line: 3 },
  ]);
});

test("parseManifests: objects keep file and starting line", () => {
  const { objects, errors } = parseManifests([
    { file: "a.yaml", text: "kind: A\n---\n\n# c\nkind: B\n" },
    { file: "b.yaml", text: "kind: C" },
  ]);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    objects.map((o) => [o.source.file, o.source.line, o.object.kind]),
    [["a.yaml", 1, "A"], ["a.yaml", 3, "B"], ["b.yaml", 1, "C"]],
  );
});

test("parseManifests: unquoted dates stay strings exactly as written, as in Kubernetes", () => {
  const { objects } = parseManifests([{ file: "a.yaml", text: "apiVersion: 2024-10-21\nwhen: 2024-10-21T10:00:00Z" }]);
  assert.deepEqual(objects[0].object, { apiVersion: "2024-10-21", when: "2024-10-21T10:00:00Z" });
});

test("parseManifests: merge keys are honoured; duplicate keys are errors", () => {
  const { objects } = parseManifests([{ file: "a.yaml", text: "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2" }]);
  assert.deepEqual(objects[0].object.derived, { x: 1, y: 2 });
  const { errors } = parseManifests([{ file: "a.yaml", text: "kind: A\nkind: B" }]);
  assert.deepEqual(errors.map((e) => [e.source.line, e.reason]), [[2, "invalid YAML: duplicated mapping key"]]);
});

test("parseManifests: a YAML error names the file and line but never quotes the source", () => {
  const { objects, errors } = parseManifests([
    { file: "k.yaml", text: "kind: Fine\n---\nkind: Secret\nstringData:\n  Authorization: \"sk-live-123\n" },
  ]);
  assert.equal(objects.length, 1);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].source.file, "k.yaml");
  assert.ok(errors[0].source.line >= 3, `line ${errors[0].source.line} is inside the second document`);
  assert.match(errors[0].reason, /^invalid YAML: /);
  assert.doesNotMatch(JSON.stringify(errors), /sk-live-123/);
});

test("parseManifests: documents that are not mappings are errors", () => {
  const { errors } = parseManifests([{ file: "l.yaml", text: "- a\n- b\n---\njust text\n" }]);
  assert.deepEqual(errors.map((e) => [e.source.line, e.reason]), [
    [1, "document is not a mapping, so not a Kubernetes object"],
    [4, "document is not a mapping, so not a Kubernetes object"],
  ]);
});

test("readSources: files, directories in name order, stdin, unreadable paths", () => {
  const dir = mkdtempSync(join(tmpdir(), "weir-load-"));
  try {
    writeFileSync(join(dir, "b.yaml"), "b");
    writeFileSync(join(dir, "a.yml"), "a");
    writeFileSync(join(dir, "notes.txt"), "ignored");
    writeFileSync(join(dir, ".hidden.yaml"), "ignored");
    const { sources, errors } = readSources([dir, "-", join(dir, "missing.yaml")], () => "from stdin");
    assert.deepEqual(sources.map((s) => [s.file, s.text]), [
      [join(dir, "a.yml"), "a"],
      [join(dir, "b.yaml"), "b"],
      [STDIN_NAME, "from stdin"],
    ]);
    assert.deepEqual(errors.map((e) => [e.source.file, e.reason]), [[join(dir, "missing.yaml"), "cannot read: ENOENT"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
