// What the rendered routes do to real requests in the real Envoy: path, query
// and host rewrites, precedence, and 404/500 for what no backend serves.
// The Weir filter is taken out of the chain here: its own tests cover it, and
// this checks only what the routes promise.
import assert from "node:assert/strict";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { startEnvoy, type RunningEnvoy } from "../../test/support/envoy.ts";
import { freePort } from "../../test/support/ports.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { toYaml } from "../envoy/yaml.ts";
import { buildIR } from "../ir/build-ir.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { caseInput, GOLDEN_OPTIONS } from "../pipeline/golden.ts";
import { validate } from "../validate/validate.ts";
import { findEnvoy, NO_ENVOY } from "./envoy-binary.ts";

const skip = findEnvoy() ? false : NO_ENVOY;
if (skip) console.error(`\n*** envoy-routing: ${skip} ***\n`);

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** Upstream standing in for every provider: records what reached it. */
async function recordingUpstream(): Promise<{ server: Server; port: number; last: () => Seen | undefined }> {
  let last: Seen | undefined;
  const server = createServer((req, res) => {
    last = { url: req.url!, headers: req.headers };
    req.resume().on("end", () => res.end("{}"));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, port: (server.address() as AddressInfo).port, last: () => last };
}

/** Renders a golden case with its Gateway ports moved to free ones, without the Weir filter. */
async function renderForTraffic(name: string, upstreamPort: number, adminPort: number) {
  const ports = new Map<string, number>();
  let text = caseInput(name).text;
  for (const port of new Set(text.match(/port: 1000\d/g))) {
    const free = await freePort();
    ports.set(port.slice("port: ".length), free);
    text = text.replaceAll(port, `port: ${free}`);
  }
  const result = validate(parseManifests([{ file: name, text }]).objects);
  assert.ok(result.ok);
  const ir = buildIR(result.resources, { backendHostOverride: { host: "127.0.0.1", port: upstreamPort } });
  const bootstrap = renderBootstrap(ir, { ...GOLDEN_OPTIONS, adminPort, listenerAddress: "127.0.0.1" }) as {
    static_resources: { listeners: { filter_chains: { filters: { typed_config: { http_filters: { name: string }[] } }[] }[] }[] };
  };
  for (const listener of bootstrap.static_resources.listeners) {
    const hcm = listener.filter_chains[0].filters[0].typed_config;
    hcm.http_filters = hcm.http_filters.filter((f) => f.name !== "envoy.filters.http.wasm");
  }
  return { yaml: toYaml(bootstrap), ports };
}

for (const name of ["providers", "routing"]) {
  describe(`routes of the ${name} case in Envoy`, { skip }, () => {
    let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
    let envoy: RunningEnvoy;
    let ports: Map<string, number>;

    before(async () => {
      upstream = await recordingUpstream();
      const adminPort = await freePort();
      const rendered = await renderForTraffic(name, upstream.port, adminPort);
      ports = rendered.ports;
      envoy = await startEnvoy(rendered.yaml, adminPort);
    });
    after(async () => {
      await envoy?.stop();
      upstream?.server.close();
    });

    // node:http rather than fetch, which does not let a caller set Host.
    const send = (listener: string, path: string, host = "client.example") =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: ports.get(listener), path, method: "POST", headers: { host } }, (res) => {
          res.resume().on("end", () => resolve(res.statusCode!));
        });
        req.on("error", reject).end("{}");
      });
    const upstreamSaw = () => upstream.last()!;

    if (name === "providers") {
      test("the provider path replaces the client's; the client's query is kept", async () => {
        assert.equal(await send("10000", "/openai/v1/chat/completions?trace=1"), 200);
        assert.equal(upstreamSaw().url, "/v1/chat/completions?trace=1");
        assert.equal(upstreamSaw().headers.host, `127.0.0.1:${upstream.port}`);
      });

      test("the provider's query parameters override the client's", async () => {
        assert.equal(await send("10000", "/azure/openai/deployments/x/chat/completions?api-version=2023-05-15&keep=1"), 200);
        assert.equal(upstreamSaw().url, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&keep=1");
        assert.equal(await send("10000", "/compatible/v1/chat/completions"), 200);
        assert.equal(upstreamSaw().url, "/api/v2/chat?tenant=a%2Fb");
      });

      test("Gemini and Vertex AI paths", async () => {
        assert.equal(await send("10000", "/gemini/v1beta/models/other:generateContent?alt=sse"), 200);
        assert.equal(upstreamSaw().url, "/v1beta/models/gemini-2.0-flash:generateContent?alt=sse");
        assert.equal(await send("10000", "/vertex-global/x"), 200);
        assert.equal(upstreamSaw().url, "/v1beta1/projects/my-project/locations/global/publishers/google/models/gemini-2.0-flash:generateContent");
      });

      test("PathPrefix matches whole segments; unmatched paths get 404", async () => {
        assert.equal(await send("10000", "/openaiX/v1/chat/completions"), 404);
        assert.equal(await send("10000", "/elsewhere"), 404);
      });
    } else {
      test("a rule without backend answers 500; the catch-all serves the rest", async () => {
        assert.equal(await send("10000", "/disabled/x"), 500);
        assert.equal(await send("10000", "/anything"), 200);
        assert.equal(upstreamSaw().url, "/v1/chat/completions");
      });

      test("hostnames: exact host first, then the wildcard's routes; other hosts are not served", async () => {
        assert.equal(await send("10001", "/v1/chat/completions", "team-a.internal.example.com:10001"), 200);
        assert.equal(await send("10001", "/disabled", "team-a.internal.example.com"), 500, "falls through to the wildcard's routes");
        assert.equal(await send("10001", "/v1/chat/completions", "x.internal.example.com"), 200);
        assert.equal(await send("10001", "/v1/chat/completions", "internal.example.com"), 404);
      });
    }
  });
}
