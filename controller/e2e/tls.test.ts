// Provider TLS in the real Envoy: the mock provider serves HTTPS with a
// certificate from a CA made at test time. Envoy connects when it trusts that
// CA and the certificate names the provider's host; it refuses a certificate
// from another CA, and one for another name, even from the trusted CA.
//
// The rendered cluster is TLS because the backend's port is 443; the test
// then moves the endpoint to the mock's port in the IR (the Envoy stage is
// pure, so the IR between stages is the seam), rather than binding 443.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { startMockProvider } from "../../test/mock/server.ts";
import { startEnvoy } from "../../test/support/envoy.ts";
import { freePort } from "../../test/support/ports.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import { toYaml } from "../envoy/yaml.ts";
import { FILTER_WASM } from "../pipeline/golden.ts";
import { documents, gateway, httpRoute, irOf, llmBackend, postChat } from "./fixtures.ts";
import { makeTestCA } from "./test-ca.ts";

const dir = mkdtempSync(join(tmpdir(), "weir-tls-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const trusted = makeTestCA(dir, "trusted-ca");
const other = makeTestCA(dir, "other-ca");

const manifests = (port: number) =>
  documents(
    gateway(port),
    llmBackend("secure", "openai: {authToken: {kind: Inline, inline: sk-over-tls}}", "hostOverride: {host: localhost, port: 443}"),
    httpRoute("chat", { backend: "secure" }),
  );

/** One request through Envoy (trusting `caFile`) to a mock serving `certificate`. */
async function attempt(caFile: string, certificate: { key: string; cert: string }) {
  const mock = await startMockProvider({ tls: certificate });
  const listener = await freePort();
  const adminPort = await freePort();
  const ir = irOf(manifests(listener), "tls.yaml");
  const [cluster] = ir.clusters;
  assert.deepEqual(cluster.priorities[0][0], { host: "localhost", port: 443, tls: true, hostHeader: "localhost" });
  cluster.priorities[0][0].port = mock.port;
  const yaml = toYaml(renderBootstrap(ir, { wasmPath: FILTER_WASM, adminPort, listenerAddress: "127.0.0.1", caBundle: caFile }));
  const envoy = await startEnvoy(yaml, adminPort);
  try {
    const res = await postChat(`http://127.0.0.1:${listener}/v1/chat/completions`, "over tls");
    return { status: res.status, body: await res.text(), received: [...mock.received], logs: envoy.logs() };
  } finally {
    await envoy.stop();
    await mock.close();
  }
}

test("the trusted CA and the provider's name: Envoy connects over TLS", async () => {
  const r = await attempt(trusted.caFile, trusted.issue("localhost"));
  assert.equal(r.status, 200, r.body);
  assert.equal(r.received.length, 1);
  assert.equal(r.received[0].headers.authorization, "Bearer sk-over-tls");
});

test("a certificate from another CA is refused", async () => {
  const r = await attempt(trusted.caFile, other.issue("localhost"));
  assert.equal(r.status, 503, r.body);
  assert.equal(r.received.length, 0);
  assert.match(r.body, /CERTIFICATE_VERIFY_FAILED|TLS_error|upstream connect error/i);
});

test("a certificate from the trusted CA for another name is refused", async () => {
  const r = await attempt(trusted.caFile, trusted.issue("not-the-provider.example"));
  assert.equal(r.status, 503, r.body);
  assert.equal(r.received.length, 0);
});
