// The whole gateway for a controller e2e test: manifests rendered by the
// built CLI bundle (as a user runs it), a real Envoy loading the built filter,
// and the local mock provider. Listener ports in the manifests (10000, 8080)
// are moved to free ones; every process is stopped by stop().
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { startMockProvider, type MockOptions, type MockProvider } from "../../test/mock/server.ts";
import { startEnvoy, type RunningEnvoy } from "../../test/support/envoy.ts";
import { freePort } from "../../test/support/ports.ts";
import { FILTER_WASM } from "../pipeline/golden.ts";
import { buildBundle } from "./bundle.ts";

const LISTENER_PORTS = /port: (10000|8080)\b/g;

export interface Served {
  mock: MockProvider;
  envoy: RunningEnvoy;
  /** http://127.0.0.1:<listener port> */
  url: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  mock?: MockOptions;
  /** Send every backend to the mock (--backend-host-override). Default true; false keeps the manifests' hosts. */
  overrideBackends?: boolean;
}

/** `paths`: manifest files or directories (not recursive), as given to `weir render -f`. */
export function serveManifests(paths: string[], options: ServeOptions = {}): Promise<Served> {
  const inputs = paths.flatMap((p) =>
    statSync(p).isDirectory() ? readdirSync(p).filter((n) => n.endsWith(".yaml")).sort().map((n) => join(p, n)) : [p],
  );
  return serve(inputs.map((file) => ({ name: basename(file), text: readFileSync(file, "utf8") })), options);
}

/** Manifests given as text, rendered from one file. */
export function serveManifestText(text: string, options: ServeOptions = {}): Promise<Served> {
  return serve([{ name: "manifests.yaml", text }], options);
}

async function serve(inputs: { name: string; text: string }[], options: ServeOptions): Promise<Served> {
  const mock = await startMockProvider(options.mock);
  const dir = mkdtempSync(join(tmpdir(), "weir-served-"));
  try {
    const listener = await freePort();
    const adminPort = await freePort();
    const copies = inputs.map(({ name, text }, i) => {
      const copy = join(dir, `${i}-${name}`);
      writeFileSync(copy, text.replace(LISTENER_PORTS, `port: ${listener}`));
      return copy;
    });
    const output = join(dir, "envoy.yaml");
    const args = [
      buildBundle(), "render", ...copies.flatMap((f) => ["-f", f]), "-o", output, "--wasm", FILTER_WASM,
      "--admin-port", String(adminPort), "--listener-address", "127.0.0.1",
      ...(options.overrideBackends === false ? [] : ["--backend-host-override", `127.0.0.1:${mock.port}`]),
    ];
    const render = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (render.status !== 0) throw new Error(`weir render failed (${render.status}):\n${render.stderr}`);
    const envoy = await startEnvoy(readFileSync(output, "utf8"), adminPort);
    return {
      mock,
      envoy,
      url: `http://127.0.0.1:${listener}`,
      async stop() {
        await envoy.stop();
        await mock.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
