// startStack (stack.ts) plus what the controller does not render yet and the
// streaming tests check: an access log that prints Weir's filter state, and
// stats tag extraction for Weir's counters (the regexes the controller should
// add — see STATS_TAGS). The rendered config is changed here, in the test,
// before Envoy starts.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { startMockProvider, type MockOptions } from "../mock/server.ts";
import { REPO_ROOT, startEnvoy } from "../support/envoy.ts";
import { freePort } from "../support/ports.ts";
import type { Stack } from "./stack.ts";

/** Envoy stats_config.stats_tags turning `weir.*;key=value` counter names into labels. */
export const STATS_TAGS = [
  { tag_name: "route", regex: "^wasmcustom\\.weir\\.[^;]*(;route=([^;]*))" },
  { tag_name: "provider", regex: "^wasmcustom\\.weir\\.[^;]*(?:;[^;]*)*?(;provider=([^;]*))" },
  { tag_name: "model", regex: "^wasmcustom\\.weir\\.[^;]*(?:;[^;]*)*?(;model=([^;]*))" },
  { tag_name: "reason", regex: "^wasmcustom\\.weir\\.[^;]*(?:;[^;]*)*?(;reason=([^;]*))" },
];

/** The access-log line: Weir's filter state as Envoy's access log reads it. */
export const ACCESS_LOG_FORMAT =
  "route=%ROUTE_NAME% prompt=%FILTER_STATE(wasm.weir.prompt_tokens:PLAIN)% " +
  "completion=%FILTER_STATE(wasm.weir.completion_tokens:PLAIN)% total=%FILTER_STATE(wasm.weir.total_tokens:PLAIN)% " +
  "model=%FILTER_STATE(wasm.weir.model:PLAIN)%\n";

export interface StreamingStack extends Stack {
  adminPort: number;
  /** Lines Envoy's access log has written so far (waits for a line containing `until`, up to 3 s). */
  accessLog(until?: string): Promise<string[]>;
}

export async function startStreamingStack(manifests: (listenerPort: number) => string, mockOptions: MockOptions = {}): Promise<StreamingStack> {
  const mock = await startMockProvider(mockOptions);
  const dir = mkdtempSync(join(tmpdir(), "weir-e2e-streaming-"));
  const logPath = join(dir, "access.log");
  writeFileSync(logPath, "");
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
    const config = yaml.load(readFileSync(output, "utf8")) as any;
    config.stats_config = { stats_tags: STATS_TAGS };
    for (const listener of config.static_resources.listeners) {
      for (const chain of listener.filter_chains) {
        for (const filter of chain.filters) {
          if (filter.name !== "envoy.filters.network.http_connection_manager") continue;
          filter.typed_config.access_log = [{
            name: "envoy.access_loggers.file",
            typed_config: {
              "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
              path: logPath,
              log_format: { text_format_source: { inline_string: ACCESS_LOG_FORMAT } },
            },
          }];
        }
      }
    }
    const envoyYaml = yaml.dump(config, { lineWidth: -1 });
    // Access logs are flushed every second by default; the tests read them at once.
    const envoy = await startEnvoy(envoyYaml, adminPort, ["--file-flush-interval-msec", "20"]);
    return {
      mock, envoy, envoyYaml, adminPort, gatewayUrl: `http://127.0.0.1:${listenerPort}`,
      async accessLog(until?: string) {
        const deadline = Date.now() + 3000;
        for (;;) {
          const lines = readFileSync(logPath, "utf8").split("\n").filter((l) => l.length > 0);
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
