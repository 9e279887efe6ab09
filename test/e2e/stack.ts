// The whole gateway for an end-to-end test: the mock provider, manifests
// rendered by the controller's real CLI bundle, and a real Envoy loading the
// built filter. Every process is started on free ports and stopped by stop().
// The config is the controller's, unchanged: what a test sees (stats tags,
// access log) is what `weir render` gives everyone.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type OpenAI from "openai";
import { startMockProvider, type MockOptions, type MockProvider } from "../mock/server.ts";
import { REPO_ROOT, startEnvoy, type RunningEnvoy } from "../support/envoy.ts";
import { freePort } from "../support/ports.ts";

export interface StackOptions {
  mock?: MockOptions;
  /**
   * Envoy's access log to a file of the stack's (`weir render --access-log`),
   * flushed every 20 ms, for Stack.accessLog. Otherwise it goes to Envoy's
   * stdout, as by default.
   */
  accessLog?: boolean;
  /** More `weir render` flags. */
  renderArgs?: string[];
  /** More Envoy command-line arguments. */
  envoyArgs?: string[];
}

export interface Stack {
  mock: MockProvider;
  envoy: RunningEnvoy;
  /** http://127.0.0.1:<listener port> */
  gatewayUrl: string;
  /** The Envoy config the controller rendered. */
  envoyYaml: string;
  /** Access log lines so far (options.accessLog); waits up to 3 s for a line containing `until`. */
  accessLog(until?: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** `manifests` receives the gateway's listener port and returns multi-document YAML. */
export async function startStack(manifests: (listenerPort: number) => string, options: StackOptions = {}): Promise<Stack> {
  const mock = await startMockProvider(options.mock ?? {});
  const dir = mkdtempSync(join(tmpdir(), "weir-e2e-"));
  const logPath = join(dir, "access.log");
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
      ...(options.accessLog ? ["--access-log", logPath] : []), ...(options.renderArgs ?? []),
    ], { encoding: "utf8" });
    if (render.status !== 0) throw new Error(`weir render failed (${render.status}):\n${render.stderr}`);
    const envoyYaml = readFileSync(output, "utf8");
    // Envoy flushes access logs every second by default; tests read them at once.
    const flush = options.accessLog ? ["--file-flush-interval-msec", "20"] : [];
    const envoy = await startEnvoy(envoyYaml, adminPort, [...flush, ...(options.envoyArgs ?? [])]);
    return {
      mock, envoy, envoyYaml, gatewayUrl: `http://127.0.0.1:${listenerPort}`,
      async accessLog(until?: string) {
        if (!options.accessLog) throw new Error("startStack: the access log is read with options.accessLog");
        const deadline = Date.now() + 3000;
        for (;;) {
          let text = "";
          try {
            text = readFileSync(logPath, "utf8");
          } catch {
            // Envoy creates the file at start-up; nothing logged yet otherwise
          }
          const lines = text.split("\n").filter((l) => l.length > 0);
          if (until === undefined || lines.some((l) => l.includes(until)) || Date.now() > deadline) return lines;
          await new Promise((r) => setTimeout(r, 25));
        }
      },
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

/** What the openai SDK made of a streamed chat completion: the text of choice 0, and the usage chunk if any. */
export async function readStream(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<{ text: string; usage?: OpenAI.CompletionUsage }> {
  let text = "";
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
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

/** A weir.dev AIPolicy on the HTTPRoute `route`. `ai` is the YAML of spec.ai. */
export function aiPolicy(name: string, route: string, ai: string): string {
  return `
---
apiVersion: weir.dev/v1alpha1
kind: AIPolicy
metadata: {name: ${name}}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${route}}]
  ai:
${ai.replace(/^/gm, "    ")}
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
