// `npm start`: the main job. Renders the sample manifests in envoy/samples
// with the controller, starts the local mock provider and a real Envoy loading
// the built filter, sends one chat request and one streaming request with the
// official openai SDK, and prints the exchange as each side saw it.
//
// With OPENAI_API_KEY set, the OpenAI route goes to api.openai.com (verified
// TLS) with that key instead of the mock. `--serve` keeps everything running.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { startMockProvider, type MockProvider } from "../test/mock/server.ts";
import { REPO_ROOT, envoyBinary, envoyVersion, startEnvoy } from "../test/support/envoy.ts";

const LISTENER = 10000;
const ADMIN = 9901;
const realKey = process.env.OPENAI_API_KEY;
const serve = process.argv.includes("--serve");

function render(inputs: string[], output: string, extra: string[]): void {
  const args = [join(REPO_ROOT, "dist/weir.js"), "render", ...inputs.flatMap((f) => ["-f", f]), "-o", output,
    "--wasm", join(REPO_ROOT, "build/weir.wasm"), "--admin-port", String(ADMIN), "--listener-address", "127.0.0.1", ...extra];
  const result = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`weir render failed:\n${result.stderr}`);
}

/** Shows a credential's shape without its value. */
function redact(value: string | undefined): string {
  if (!value) return "(none)";
  const scheme = /^(Bearer )/.exec(value)?.[1] ?? "";
  return `${scheme}${value.slice(scheme.length, scheme.length + 3)}… (${value.length - scheme.length} chars, redacted)`;
}

async function main(): Promise<void> {
  const buildDir = join(REPO_ROOT, "build");
  mkdirSync(buildDir, { recursive: true });
  const config = join(buildDir, "envoy-demo.yaml");
  let mock: MockProvider | undefined;
  if (realKey) {
    // Only the gateway and the OpenAI route, to api.openai.com with the caller's key.
    const manifests = join(buildDir, "demo-openai.yaml");
    writeFileSync(manifests, readFileSync(join(REPO_ROOT, "envoy/samples/gateway.yaml"), "utf8") + `
---
apiVersion: v1
kind: Secret
metadata: {name: openai-key}
stringData: {Authorization: ${JSON.stringify(realKey)}}
---
apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: openai}
spec:
  llm:
    provider:
      openai: {model: gpt-4o-mini, authToken: {kind: SecretRef, secretRef: {name: openai-key}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: openai}
spec:
  parentRefs: [{name: weir}]
  rules: [{matches: [{path: {type: PathPrefix, value: /openai}}], backendRefs: [{group: weir.dev, kind: LLMBackend, name: openai}]}]
`, { mode: 0o600 });
    render([manifests], config, []);
  } else {
    mock = await startMockProvider({ chunking: { kind: "bytes", sizes: [7, 3, 11], delayMs: 15 } });
    render([join(REPO_ROOT, "envoy/samples")], config, ["--backend-host-override", `127.0.0.1:${mock.port}`]);
  }
  console.log(`Envoy ${envoyVersion()} (${envoyBinary()})`);
  console.log(`config rendered by the controller: ${config}`);
  const envoy = await startEnvoy(readFileSync(config, "utf8"), ADMIN);
  console.log(`gateway listening on http://127.0.0.1:${LISTENER}, provider: ${mock ? `local mock at ${mock.url}` : "api.openai.com"}\n`);

  const client = new OpenAI({ apiKey: "client-key-the-gateway-replaces", baseURL: `http://127.0.0.1:${LISTENER}/openai/v1` });
  try {
    const prompt = "Say hello through Weir.";
    console.log(`client  → POST /openai/v1/chat/completions  model=gpt-5  "${prompt}"`);
    const reply = await client.chat.completions.create({ model: "gpt-5", messages: [{ role: "user", content: prompt }] });
    if (mock) {
      const seen = mock.received.at(-1)!;
      console.log(`provider← ${seen.method} ${seen.path}  host=${seen.headers.host}  authorization=${redact(seen.headers.authorization)}`);
      console.log(`          body: ${seen.body}`);
    }
    console.log(`client  ← ${reply.model}: "${reply.choices[0].message.content}"  usage=${JSON.stringify(reply.usage)}\n`);

    console.log(`client  → POST /openai/v1/chat/completions  stream=true`);
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "Stream a short reply — ✓ 你好" }],
    });
    process.stdout.write("client  ← ");
    for await (const chunk of stream) process.stdout.write(`[${chunk.choices[0]?.delta?.content ?? ""}]`);
    console.log("\n");
    const problems = envoy.wasmProblems();
    console.log(problems.length ? `wasm problems in Envoy's log:\n${problems.join("\n")}` : "Envoy's log: no wasm warnings or errors");
    if (serve) {
      console.log(`\nserving until Ctrl-C; try: curl -s http://127.0.0.1:${LISTENER}/openai/v1/chat/completions -d '{"messages":[{"role":"user","content":"hi"}]}'`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    }
  } finally {
    await envoy.stop();
    await mock?.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
