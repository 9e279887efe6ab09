// The whole gateway for an end-to-end test: the mock provider, manifests
// rendered by the controller's real CLI bundle, and a real Envoy loading the
// built filter. Every process is started on free ports and stopped by stop().

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockProvider, type MockOptions, type MockProvider } from "../mock/server.ts";
import { REPO_ROOT, startEnvoy, type RunningEnvoy } from "../support/envoy.ts";
import { freePort } from "../support/ports.ts";

export interface Stack {
  mock: MockProvider;
  envoy: RunningEnvoy;
  /** http://127.0.0.1:<listener port> */
  gatewayUrl: string;
  /** The Envoy config the controller rendered. */
  envoyYaml: string;
  stop(): Promise<void>;
}

/** `manifests` receives the gateway's listener port and returns multi-document YAML. */
export async function startStack(manifests: (listenerPort: number) => string, mockOptions: MockOptions = {}): Promise<Stack> {
  const mock = await startMockProvider(mockOptions);
  const dir = mkdtempSync(join(tmpdir(), "weir-e2e-"));
  try {
    const listenerPort = await freePort();
    const adminPort = await freePort();
    const input = join(dir, "manifests.yaml");
    const output = join(dir, "envoy.yaml");
    writeFileSync(input, manifests(listenerPort));
    const render = spawnSync(process.execPath, [
      join(REPO_ROOT, "dist/weir.js"), "render", "-f", input, "-o", output,
      "--wasm", join(REPO_ROOT, "build/weir.wasm"), "--admin-port", String(adminPort),
      "--listener-address", "127.0.0.1", "--backend-host-override", `127.0.0.1:${mock.port}`,
    ], { encoding: "utf8" });
    if (render.status !== 0) throw new Error(`weir render failed (${render.status}):\n${render.stderr}`);
    const envoyYaml = readFileSync(output, "utf8");
    const envoy = await startEnvoy(envoyYaml, adminPort);
    return {
      mock, envoy, envoyYaml, gatewayUrl: `http://127.0.0.1:${listenerPort}`,
      async stop() {
        await envoy.stop();
        await mock.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A Gateway named "weir" with one HTTP listener. */
export function gateway(port: number): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: weir}
spec:
  gatewayClassName: weir
  listeners: [{name: http, protocol: HTTP, port: ${port}}]
`;
}

/** An LLMBackend plus an HTTPRoute sending `prefix` to it. `provider` is the YAML of spec.llm.provider. */
export function llmRoute(name: string, prefix: string, provider: string, extra = ""): string {
  return `
---
apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: ${name}}
spec:
  llm:
    provider:
${provider.replace(/^/gm, "      ")}
${extra.replace(/^/gm, "    ")}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}}
spec:
  parentRefs: [{name: weir}]
  rules:
    - matches: [{path: {type: PathPrefix, value: ${prefix}}}]
      backendRefs: [{group: weir.dev, kind: LLMBackend, name: ${name}}]
`;
}
