// toYaml writes exactly what js-yaml's dump writes with the same options: on
// every golden bootstrap, on a large rendered one, and on the awkward values
// (strings YAML would read as something else, quotes, line breaks, unprintable
// and astral characters, numbers, empty and undefined members).
import assert from "node:assert/strict";
import { test } from "node:test";
import yaml from "js-yaml";
import { largeManifests } from "../bench/large-manifests.ts";
import { buildIR } from "../ir/build-ir.ts";
import type { IR } from "../ir/types.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { caseOptions, GOLDEN_OPTIONS, goldenCases, readGolden } from "../pipeline/golden.ts";
import { validate } from "../validate/validate.ts";
import { renderBootstrap } from "./bootstrap.ts";
import { compareKeys, toYaml } from "./yaml.ts";

const reference = (document: object) => yaml.dump(document, { sortKeys: compareKeys, lineWidth: -1, noRefs: true });

const STRINGS = [
  "", " ", "plain", "two words", "null", "Null", "NULL", "~", "true", "False", "yes", "No", "on", "OFF", "y", "n",
  "0", "-1", "+1", "1_000", "0x1F", "0o17", "0b101", "1.5", "1e3", ".5", "-.inf", ".NaN", "1:20", "1:20:30.5", "2024-01-02",
  "2024-01-02T03:04:05Z", "<<", "- item", "-item", "? q", "?q", ":colon", "a:", "a: b", "a:b", "http://x:80/p", "#comment",
  "a #b", "a#b", "a # b", "[x]", "x[0]", "{a}", "a{b}", ",x", "x,y", "&anchor", "*alias", "!tag", "|pipe", ">fold", "=eq",
  "%pct", "@at", "`tick", "'single'", "it's", '"double"', 'say "hi"', "back\\slash", "trailing ", " leading", "tab\there",
  "multi\nline", "multi\nline\n", "ends\n\n", "\n", "\n\nx", " indented\nnext", "\nlead", "line\r\nbreak", "bell\x07",
  "esc\x1b", "nul\x00", "del\x7f", "nel\x85", "nbsp\xa0", "ls\u2028", "ps\u2029", "bom\ufeff", "\ufeffbom", "fffe\ufffe",
  "ünïcödé", "✓ check", "emoji 😀", "😀", "lone \ud800 high", "lone \udc00 low", "end\ud83d", "\u3000ideographic space",
  "x".repeat(1100), "{\"routes\":{\"a\":{\"key\":\"it's\"}}}", "@type", "type.googleapis.com/envoy.config.Thing",
];

test("every golden bootstrap is written as js-yaml writes it", () => {
  for (const name of goldenCases()) {
    const ir = readGolden(name, "ir.json");
    if (ir === undefined) continue;
    const bootstrap = renderBootstrap(JSON.parse(ir) as IR, caseOptions(name));
    assert.equal(toYaml(bootstrap), reference(bootstrap), name);
  }
});

test("a large bootstrap (200 routes, a plugin config of tens of KiB in one string) is written as js-yaml writes it", () => {
  const result = validate(parseManifests([{ file: "large.yaml", text: largeManifests(200) }]).objects);
  assert.ok(result.ok);
  const bootstrap = renderBootstrap(buildIR(result.resources), GOLDEN_OPTIONS);
  assert.equal(toYaml(bootstrap), reference(bootstrap));
});

test("strings: the same style and escapes as js-yaml, as values, list items and keys", () => {
  for (const text of STRINGS) {
    const document = { value: text, list: [text, [text]], nested: { deeper: { value: text } }, [text]: 1 };
    assert.equal(toYaml(document), reference(document), JSON.stringify(text));
  }
  assert.equal(toYaml({ list: STRINGS }), reference({ list: STRINGS }));
});

test("random strings over the characters that matter: the same as js-yaml", () => {
  const alphabet = [..."ab1.:#- '\"\\,[]{}?!&*|>%@`=~<\n\t\r", "\x00", "\x85", "\u2028", "\ufeff", "\ud800", "😀", "é"];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: 1 + random(8) }, () => alphabet[random(alphabet.length)]).join("");
    const document = { [text]: [text, { v: text }] };
    assert.equal(toYaml(document), reference(document), JSON.stringify(text));
  }
});

test("numbers, booleans, null, empty and undefined members, nesting", () => {
  const document = {
    numbers: [0, -0, 1, -1, 1.5, -2.25, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity],
    flags: [true, false, null],
    empty: { list: [], map: {}, onlyUndefined: { gone: undefined } },
    holes: [undefined, 1],
    skipped: undefined,
    lists: [[1, [2, []]], [{ a: 1, b: [{ c: {} }] }], []],
    "@type": "leads",
    name: "second",
    z: { name: "n", "@type": "t", a: "x" },
    long: { ["k".repeat(1100)]: "explicit key", ["k".repeat(1100) + "2"]: { nested: true } },
  };
  assert.equal(toYaml(document), reference(document));
  assert.equal(toYaml([{ a: 1 }, "x", [[]]]), reference([{ a: 1 }, "x", [[]]]));
});

test("a values it cannot write is an error, as in js-yaml", () => {
  assert.throws(() => toYaml({ f: () => 0 }));
  assert.throws(() => reference({ f: () => 0 }));
});
