// The built bundle, end to end: exit codes, output, and nothing written on error.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FILTER_WASM } from "../pipeline/golden.ts";
import { buildBundle, REPO_ROOT } from "./bundle.ts";
import { aiPolicy, documents, httpRoute, llmBackend } from "./fixtures.ts";

const SAMPLES = join(REPO_ROOT, "envoy", "samples");
const INVALID = join(REPO_ROOT, "controller", "testdata", "invalid-backends", "input.yaml");
const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version as string;

let bundle = "";
let work = "";

before(() => {
  bundle = buildBundle();
  work = mkdtempSync(join(tmpdir(), "weir-cli-"));
  // The default --wasm is build/weir.wasm, relative to where weir runs.
  mkdirSync(join(work, "build"));
  copyFileSync(FILTER_WASM, join(work, "build", "weir.wasm"));
});
after(() => rmSync(work, { recursive: true, force: true }));

function weir(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: work, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("--version and --help", () => {
  assert.deepEqual(weir(["--version"]), { code: 0, stdout: `${version}\n`, stderr: "" });
  const help = weir(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /weir render +-f <file\|dir\|->\.\.\. \[-o envoy\.yaml\]/);
});

test("usage errors exit 2", () => {
  for (const args of [[], ["frobnicate"], ["render"], ["render", "-f", SAMPLES, "--bogus"], ["render", "-f", SAMPLES, "--admin-port", "x"],
    ["render", "-f", SAMPLES, "--backend-host-override", "http://x"], ["render", "-f", SAMPLES, "--listener-address", "localhost"],
    ["render", "-f", SAMPLES, "--access-log", ""]]) {
    const r = weir(args);
    assert.equal(r.code, 2, `weir ${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^weir: /);
  }
});

test("render -o writes the bootstrap; stdout and stdin give the same bytes", () => {
  const out = join(work, "envoy.yaml");
  const r = weir(["render", "-f", SAMPLES, "-o", out, "--wasm", "build/weir.wasm"]);
  assert.deepEqual(r, { code: 0, stdout: "", stderr: "" });
  const written = readFileSync(out, "utf8");
  assert.match(written, /^admin:\n/);
  assert.ok(written.includes(`filename: ${join(work, "build/weir.wasm")}`), "relative --wasm is made absolute");

  assert.equal(weir(["render", "-f", SAMPLES, "--wasm", "build/weir.wasm"]).stdout, written);
  const stdin = readdirSync(SAMPLES)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => readFileSync(join(SAMPLES, f), "utf8"))
    .join("\n---\n");
  assert.equal(weir(["render", "-f", "-", "--wasm", "build/weir.wasm"], stdin).stdout, written);
});

test("flags reach the bootstrap", () => {
  const r = weir(["render", "-f", SAMPLES, "--admin-port", "19999", "--listener-address", "127.0.0.1",
    "--ca-bundle", "/tmp/ca.pem", "--backend-host-override", "127.0.0.1:18443"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /port_value: 19999/);
  assert.match(r.stdout, /address: 127\.0\.0\.1\n\s+port_value: 10000/);
  assert.doesNotMatch(r.stdout, /transport_socket/, "every backend goes to the plain-HTTP mock");
  assert.doesNotMatch(r.stdout, /api\.(openai|anthropic)\.com/);
});

test("the access log goes to Envoy's stdout, or with --access-log to that file (made absolute)", () => {
  const stdout = weir(["render", "-f", SAMPLES]);
  assert.equal(stdout.code, 0, stdout.stderr);
  assert.match(stdout.stdout, /name: envoy\.access_loggers\.stdout/);
  assert.doesNotMatch(stdout.stdout, /access_loggers\.file/);
  const file = weir(["render", "-f", SAMPLES, "--access-log", "logs/access.log"]);
  assert.equal(file.code, 0, file.stderr);
  assert.match(file.stdout, /name: envoy\.access_loggers\.file/);
  assert.ok(file.stdout.includes(`path: ${join(work, "logs/access.log")}`), "relative --access-log is made absolute");
  assert.doesNotMatch(file.stdout, /access_loggers\.stdout/);
});

test("invalid manifests: every error printed, exit 1, nothing written, no key shown", () => {
  const out = join(work, "kept.yaml");
  writeFileSync(out, "previous\n");
  const r = weir(["render", "-f", INVALID, "-o", out]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
  const expected = readFileSync(join(REPO_ROOT, "controller", "testdata", "invalid-backends", "diagnostics.txt"), "utf8");
  const count = expected.split("\n").filter((l) => l.startsWith("error: ")).length;
  assert.equal(errors.length, count);
  assert.ok(errors.every((l) => l.includes(INVALID)), "each error names the file");
  assert.match(r.stderr, new RegExp(`weir: ${count} errors; nothing written\n$`));
  assert.doesNotMatch(r.stderr, /sk-secret-value/);
  assert.equal(readFileSync(out, "utf8"), "previous\n");
  assert.ok(!existsSync(join(work, "never.yaml")));
  assert.equal(weir(["render", "-f", INVALID, "-o", join(work, "never.yaml")]).code, 1);
  assert.ok(!existsSync(join(work, "never.yaml")));
});

test("validate: exit 0 and 1, never writes", () => {
  assert.deepEqual(weir(["validate", "-f", SAMPLES]), { code: 0, stdout: "valid\n", stderr: "" });
  assert.equal(weir(["validate", "-f", INVALID]).code, 1);
  assert.equal(weir(["validate", "-f", SAMPLES, "-o", "x.yaml"]).code, 2);
});

test("unreadable input and unwritable output exit 1", () => {
  const missing = weir(["render", "-f", join(work, "missing.yaml")]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /missing\.yaml:1: cannot read: ENOENT/);
  const unwritable = weir(["render", "-f", SAMPLES, "-o", join(work, "no", "such", "dir.yaml")]);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /cannot write .*: ENOENT/);
});

test("crds prints both CRDs and takes no options", () => {
  const r = weir(["crds"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(REPO_ROOT, "controller", "testdata", "crds", "crds.yaml"), "utf8"));
  assert.match(r.stdout, /name: llmbackends\.weir\.dev/);
  assert.match(r.stdout, /name: aipolicies\.weir\.dev/);
  assert.equal(weir(["crds", "-f", SAMPLES]).code, 2);
});

test("a missing filter module is an error that says how to build it; nothing is written", () => {
  const out = join(work, "no-wasm.yaml");
  const r = weir(["render", "-f", SAMPLES, "-o", out, "--wasm", "nowhere/weir.wasm"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nowhere\/weir\.wasm does not exist.*npm run build:filter/);
  assert.ok(!existsSync(out));
});

test("validate reports the filter's refusals on the manifest, with the others, and writes nothing", () => {
  const broken = join(work, "broken.yaml");
  writeFileSync(broken, documents(
    readFileSync(join(REPO_ROOT, "envoy", "samples", "gateway.yaml"), "utf8"),
    llmBackend("chat", "openai: {authToken: {kind: Inline, inline: sk-hidden}}"),
    httpRoute("chat", { parent: "weir" }),
    aiPolicy("guard", "chat", `promptGuard:
  request:
    regex: {action: REJECT, matches: [{pattern: "secret(?=s)"}, {pattern: "(a|b"}]}`),
  ));
  const r = weir(["validate", "-f", broken]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: "));
  assert.equal(errors.length, 2, r.stderr);
  assert.match(errors[0], /broken\.yaml:\d+: AIPolicy default\/guard: spec\.ai\.promptGuard\.request\.regex\.matches\[0\]\.pattern: .*\(refused by the Weir filter\)$/);
  assert.match(errors[1], /matches\[1\]\.pattern: /);
  assert.doesNotMatch(r.stderr, /sk-hidden/);
});
