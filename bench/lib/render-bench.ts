// P5: the controller on a large input. Generates one Gateway, one Secret and
// N HTTPRoutes each with its own LLMBackend, then times
//   - `weir render` end to end (a new node process reading the files and writing envoy.yaml), and
//   - the pure pipeline in-process (controller/pipeline/render.ts: load → validate → IR → Envoy YAML),
//     first call (cold JIT) and the median of warm calls.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../test/support/envoy.ts";
import { median } from "./stats.ts";

export interface RenderBenchResult {
  routes: number;
  inputBytes: number;
  outputBytes: number;
  cliMs: number[];
  cliVersionMs: number[];
  inProcess?: { coldMs: number; warmMs: number[] };
  inProcessError?: string;
  error?: string;
}

export function manifestsWithRoutes(n: number): string {
  const docs = [`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: weir}
spec:
  gatewayClassName: weir
  listeners: [{name: http, protocol: HTTP, port: 10000}]`,
  `apiVersion: v1
kind: Secret
metadata: {name: shared-key}
type: Opaque
stringData: {Authorization: "Bearer sk-bench-placeholder-not-a-real-key"}`];
  for (let i = 0; i < n; i++) {
    // Half inline keys, half the Secret; a few model pins; distinct hosts and paths.
    const auth = i % 2 === 0
      ? `{kind: Inline, inline: sk-bench-${i}-placeholder}`
      : `{kind: SecretRef, secretRef: {name: shared-key}}`;
    const model = i % 3 === 0 ? "\n        model: gpt-4o-mini" : "";
    docs.push(`apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: backend-${i}}
spec:
  llm:
    provider:
      openai:${model}
        authToken: ${auth}
    hostOverride: {host: llm-${i % 50}.internal.example, port: ${8000 + (i % 50)}}`);
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-${i}}
spec:
  parentRefs: [{name: weir}]
  rules:
    - matches: [{path: {type: PathPrefix, value: /team-${i}/v1}}]
      backendRefs: [{group: weir.dev, kind: LLMBackend, name: backend-${i}}]`);
  }
  return docs.join("\n---\n") + "\n";
}

export async function renderBench(routes: number, cliRuns: number, warmRuns: number): Promise<RenderBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-p5-"));
  const input = join(dir, "routes.yaml");
  const output = join(dir, "envoy.yaml");
  const text = manifestsWithRoutes(routes);
  writeFileSync(input, text);
  const result: RenderBenchResult = { routes, inputBytes: text.length, outputBytes: 0, cliMs: [], cliVersionMs: [] };
  try {
    const cli = join(REPO_ROOT, "dist", "weir.js");
    const wasm = join(REPO_ROOT, "build", "weir.wasm");
    for (let i = 0; i < cliRuns; i++) {
      // node's own start-up, measured apart: what `weir --version` takes.
      let t = process.hrtime.bigint();
      spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
      result.cliVersionMs.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [cli, "render", "-f", input, "-o", output, "--wasm", wasm], { encoding: "utf8" });
      result.cliMs.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (run.status !== 0) {
        result.error = `weir render failed on ${routes} routes:\n${run.stderr.slice(0, 2000)}`;
        return result;
      }
    }
    result.outputBytes = statSync(output).size;
    try {
      // Imported late, so that a controller refactor in flight costs only this row.
      const { render } = await import("../../controller/pipeline/render.ts");
      const { DEFAULT_ENVOY_OPTIONS } = await import("../../controller/envoy/options.ts");
      const options: any = { ...DEFAULT_ENVOY_OPTIONS, wasmPath: wasm };
      const sources = [{ file: input, text: readFileSync(input, "utf8") }];
      const once = () => {
        const t = process.hrtime.bigint();
        const out: any = render(sources, options);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (!out.ok) throw new Error(`render returned errors: ${JSON.stringify(out.errors).slice(0, 500)}`);
        return ms;
      };
      const coldMs = once();
      const warmMs: number[] = [];
      for (let i = 0; i < warmRuns; i++) warmMs.push(once());
      result.inProcess = { coldMs, warmMs };
    } catch (err) {
      result.inProcessError = (err as Error).message;
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function summarizeRender(r: RenderBenchResult): string[] {
  if (r.error) return [`P5 render: ${r.error}`];
  const lines = [
    `P5 render, ${r.routes} HTTPRoutes + ${r.routes} LLMBackends (${(r.inputBytes / 1024).toFixed(0)} KiB in, ${(r.outputBytes / 1024).toFixed(0)} KiB of Envoy YAML out)`,
    `  weir render, end to end (new node process):  ${median(r.cliMs).toFixed(0)} ms median of ${r.cliMs.length}` +
      `   (node start + bundle load alone, weir --version: ${median(r.cliVersionMs).toFixed(0)} ms)`,
  ];
  if (r.inProcess) {
    lines.push(`  pipeline in-process (pipeline/render.ts):    ${median(r.inProcess.warmMs).toFixed(0)} ms warm median of ${r.inProcess.warmMs.length}, ${r.inProcess.coldMs.toFixed(0)} ms first call`);
  } else {
    lines.push(`  pipeline in-process: skipped (${r.inProcessError})`);
  }
  lines.push(`  goal < 1000 ms: ${median(r.cliMs) < 1000 ? "met" : "NOT met"} end to end`);
  return lines;
}
