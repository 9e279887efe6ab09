// How long `weir render` takes for a large config: 1,000 Envoy routes
// (1,000 HTTPRoutes over 50 backends of every provider, a prompt-guard
// AIPolicy on every fourth route), stage by stage, the filter's own parser
// included; then end to end, as a user runs it: `node dist/weir.js render`
// in a fresh process (start-up, bundle load, reading and writing files).
// Not a test: prints numbers, passes or fails nothing.
//   node --import tsx controller/bench/render.ts [routes]
// (the end-to-end part needs `npm run build`; it is skipped without dist/weir.js)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { pluginConfig } from "../envoy/wasm-filter.ts";
import { toYaml } from "../envoy/yaml.ts";
import { checkPluginConfig } from "../filter-check/check-plugin-config.ts";
import { loadFilterValidator } from "../filter-check/wasm-validator.ts";
import { buildIR } from "../ir/build-ir.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "../validate/validate.ts";
import { BACKENDS, largeManifests } from "./large-manifests.ts";

const ROUTES = Number(process.argv[2] ?? 1000);
const REPO_ROOT = join(__dirname, "..", "..");
const WASM = process.env.WEIR_WASM ?? join(REPO_ROOT, "build", "weir.wasm");
const BUNDLE = join(REPO_ROOT, "dist", "weir.js");

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const text = largeManifests(ROUTES);
const [filter, loadMs] = time(() => loadFilterValidator(WASM));
const runs: Record<string, number>[] = [];
let yamlBytes = 0;
for (let i = 0; i < 7; i++) {
  const [loaded, parse] = time(() => parseManifests([{ file: "bench.yaml", text }]));
  const [validated, check] = time(() => validate(loaded.objects));
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors.slice(0, 3)));
  const [ir, irMs] = time(() => buildIR(validated.resources));
  const [refused, filterMs] = time(() => checkPluginConfig(ir, pluginConfig(ir), filter));
  if (refused.length > 0) throw new Error(JSON.stringify(refused.slice(0, 3)));
  const [yaml, envoyMs] = time(() => toYaml(renderBootstrap(ir, { wasmPath: "/weir.wasm", adminPort: 9901, listenerAddress: "0.0.0.0", caBundle: "/ca.pem" })));
  yamlBytes = yaml.length;
  runs.push({ parse, validate: check, ir: irMs, filter: filterMs, envoy: envoyMs, total: parse + check + irMs + filterMs + envoyMs });
}
// The first run warms the JIT; the median of the rest is reported.
const stage = (key: string) => median(runs.slice(1).map((r) => r[key]));
console.log(
  `render ${ROUTES} routes (${ROUTES} HTTPRoutes, ${BACKENDS} backends, ${Math.ceil(ROUTES / 4)} AIPolicies; ` +
    `${(text.length / 1024).toFixed(0)} KiB in, ${(yamlBytes / 1024).toFixed(0)} KiB Envoy YAML out): ` +
    `total ${fmt(stage("total"))} = parse ${fmt(stage("parse"))} + validate ${fmt(stage("validate"))} + IR ${fmt(stage("ir"))} ` +
    `+ filter parser ${fmt(stage("filter"))} + Envoy YAML ${fmt(stage("envoy"))} ` +
    `(median of ${runs.length - 1} runs after a warm-up; filter module loaded once in ${fmt(loadMs)}; first run ${fmt(runs[0].total)})`,
);

if (existsSync(BUNDLE)) {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-"));
  try {
    const input = join(dir, "manifests.yaml");
    const output = join(dir, "envoy.yaml");
    writeFileSync(input, text);
    const run = (args: string[]) => {
      const start = performance.now();
      const result = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`weir ${args.join(" ")}: ${result.stderr}`);
      return performance.now() - start;
    };
    const render = Array.from({ length: 7 }, () => run(["render", "-f", input, "-o", output, "--wasm", WASM]));
    const version = Array.from({ length: 7 }, () => run(["--version"]));
    const bare = Array.from({ length: 7 }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ["-e", "0"]);
      return performance.now() - start;
    });
    console.log(
      `end to end, node dist/weir.js render -f <${ROUTES} routes> -o envoy.yaml: ${fmt(median(render))} ` +
        `(median of ${render.length}; min ${fmt(Math.min(...render))}); of which node start-up ${fmt(median(bare))}, ` +
        `bundle load (weir --version) ${fmt(median(version) - median(bare))}; bundle ${(statSync(BUNDLE).size / 1024).toFixed(0)} KiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
