// Real Envoy serving only the rendered routes: every backend sent to one
// recording upstream (--backend-host-override), the Weir filter taken out of
// the chain (its own tests cover it). For tests of what the routes promise.
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEnvoy, type RunningEnvoy } from "../../test/support/envoy.ts";
import { freePort } from "../../test/support/ports.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { toYaml } from "../envoy/yaml.ts";
import { FILTER_WASM, GOLDEN_OPTIONS } from "../pipeline/golden.ts";
import { irOf } from "./fixtures.ts";

export interface Seen {
  url: string;
  method: string;
  headers: IncomingHttpHeaders;
}

export interface RoutesOnly {
  /** Test port of a listener port named in the manifests (e.g. "10000"). */
  port(listener: string): number;
  /** The last request the upstream received. */
  last(): Seen;
  exchange(listener: string, path: string, options?: { host?: string; method?: string; headers?: Record<string, string> }):
    Promise<{ status: number; headers: IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

/** `manifests` names listener ports 10000–10009; they are moved to free ports. */
export async function startRoutesOnly(manifests: string): Promise<RoutesOnly> {
  let last: Seen | undefined;
  const upstream: Server = createServer((req, res) => {
    last = { url: req.url!, method: req.method!, headers: req.headers };
    req.resume().on("end", () => res.end("{}"));
  });
  await new Promise<void>((done) => upstream.listen(0, "127.0.0.1", done));
  const upstreamPort = (upstream.address() as AddressInfo).port;

  const ports = new Map<string, number>();
  let text = manifests;
  for (const port of new Set(text.match(/port: 1000\d/g))) {
    const free = await freePort();
    ports.set(port.slice("port: ".length), free);
    text = text.replaceAll(port, `port: ${free}`);
  }
  const ir = irOf(text, "manifests.yaml", { backendHostOverride: { host: "127.0.0.1", port: upstreamPort } });
  const adminPort = await freePort();
  // The module path is real: a multipool cluster runs the filter on the cluster too.
  const bootstrap = renderBootstrap(ir, { ...GOLDEN_OPTIONS, wasmPath: FILTER_WASM, adminPort, listenerAddress: "127.0.0.1" }) as {
    static_resources: { listeners: { filter_chains: { filters: { typed_config: { http_filters: { name: string }[] } }[] }[] }[] };
  };
  for (const listener of bootstrap.static_resources.listeners) {
    const hcm = listener.filter_chains[0].filters[0].typed_config;
    hcm.http_filters = hcm.http_filters.filter((f) => f.name !== "envoy.filters.http.wasm");
  }
  let envoy: RunningEnvoy;
  try {
    envoy = await startEnvoy(toYaml(bootstrap), adminPort);
  } catch (e) {
    upstream.close();
    throw e;
  }

  return {
    port: (listener) => ports.get(listener)!,
    last: () => last!,
    // node:http rather than fetch, which does not let a caller set Host.
    exchange: (listener, path, options = {}) =>
      new Promise((resolve, reject) => {
        const headers = { host: options.host ?? "client.example", ...options.headers };
        const req = request({ host: "127.0.0.1", port: ports.get(listener), path, method: options.method ?? "POST", headers }, (res) => {
          res.resume().on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
        });
        req.on("error", reject).end("{}");
      }),
    async stop() {
      await envoy.stop();
      upstream.closeAllConnections();
      upstream.close();
    },
  };
}
