// `weir run` against a real API server (etcd + kube-apiserver, RBAC on),
// publishing to a real Envoy that never restarts: objects are applied the way
// `kubectl apply --server-side` does, requests go through Envoy to the mock
// provider, and each change is timed from the API write to the first request
// that shows it. The controller runs as the weir ServiceAccount of
// envoy/deploy, with exactly that RBAC.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startMockProvider, type MockProvider } from "../mock/server.ts";
import { startEnvoy, type RunningEnvoy } from "../support/envoy.ts";
import { freePort } from "../support/ports.ts";
import { startApiServer, type ApiServer } from "./apiserver.ts";
import { KUBE_BINARIES, missingKubeBinaries } from "./binaries.ts";
import { Cluster, kubectlLines, type TestObject } from "./cluster.ts";
import { deployManifests } from "./deploy-files.ts";
import { gatewayClient, timeUntil, type Exchange } from "./gateway-client.ts";
import * as m from "./manifests.ts";
import { startWeirRun, WASM, type WeirRun } from "./weir-run.ts";

const missing = missingKubeBinaries() ?? (existsSync(WASM) ? undefined : `missing ${WASM}: run \`npm run build\``);
if (missing && process.env.WEIR_KUBE_TESTS === "required") throw new Error(missing);

// The issue's bound: a change reaches Envoy within this.
const PROPAGATION_BOUND_MS = 2000;
const delays: { change: string; ms: number }[] = [];
const say = (line: string) => console.log(`  │ ${line}`);

describe("weir run: cluster changes reach a running Envoy", { skip: missing }, () => {
  let api: ApiServer;
  let admin: Cluster;
  let mock: MockProvider;
  let envoy: RunningEnvoy;
  let weir: WeirRun;
  const stoppedRuns: WeirRun[] = [];
  let client: ReturnType<typeof gatewayClient>;
  let dir: string;
  let weirArgs: string[];
  let listenerPort: number;
  let readyPort: number;

  const apply = async (...objects: TestObject[]) => {
    for (const o of objects) say(`apply ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`);
    return admin.apply(objects);
  };
  const show = (prefix: string, exchange: Exchange) =>
    say(`POST ${prefix}/v1/chat/completions → ${exchange.status}${exchange.key ? `, provider got "${exchange.key}", model ${exchange.model}` : ""}`);
  const chat = async (prefix = "/openai"): Promise<Exchange> => {
    const exchange = await client.chat(prefix);
    show(prefix, exchange);
    return exchange;
  };
  // Polls quietly; shows the exchange that satisfied the check.
  const until = (prefix: string, check: (e: Exchange) => boolean) => async () => {
    const exchange = await client.chat(prefix);
    if (check(exchange)) show(prefix, exchange);
    return check(exchange);
  };
  const timed = async (change: string, probe: () => Promise<boolean>) => {
    const ms = await timeUntil(change, probe);
    delays.push({ change, ms });
    say(`… seen through Envoy after ${ms} ms`);
    assert.ok(ms < PROPAGATION_BOUND_MS, `${change}: ${ms} ms`);
    return ms;
  };
  const conditions = async (kind: string, name: string) => {
    const o = await admin.get<{ status?: { conditions?: Condition[] } }>("weir.dev/v1alpha1", kind, m.NS, name);
    return Object.fromEntries((o?.status?.conditions ?? []).map((c) => [c.type, c]));
  };
  const routeParents = async (name: string) => {
    const o = await admin.get<{ status?: { parents?: { controllerName: string; conditions: Condition[] }[] } }>(
      "gateway.networking.k8s.io/v1", "HTTPRoute", m.NS, name,
    );
    return (o?.status?.parents ?? []).map((p) => ({ ...p, byType: Object.fromEntries(p.conditions.map((c) => [c.type, c])) }));
  };
  // `kubectl get llmbackend` (with -o wide when `wide`): the CRD's printer columns, as the API server fills them in.
  const kubectlGet = async (kind: string, wide = false) => {
    const rows = await admin.table("weir.dev/v1alpha1", kind, m.NS, wide);
    say(`kubectl -n ${m.NS} get ${kind.toLowerCase()}${wide ? " -o wide" : ""}`);
    for (const line of kubectlLines(rows)) say(`  ${line}`);
    return new Map(rows.map((r) => [r.Name, r]));
  };
  const showCondition = (what: string, c: Condition) =>
    say(`${what}: ${c.type}=${c.status} reason=${c.reason} observedGeneration=${c.observedGeneration}\n  │     "${c.message}"`);
  // A slow streamed answer on a connection of its own, started before a change and in flight while it is applied.
  const startSlowStream = async () => {
    mock.reply({ text: "one two three four five six", chunking: { kind: "events", delayMs: 150 } });
    const finished = fetch(`http://127.0.0.1:${listenerPort}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "close" },
      body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "stream slowly" }] }),
    }).then(async (res) => ({ status: res.status, body: await res.text() }));
    await new Promise((r) => setTimeout(r, 200));
    return { finished };
  };
  const envoyStat = async (name: string) => {
    const text = await (await fetch(`${envoy.adminUrl}/stats?filter=^${name.replace(/\./g, "\\.")}$`)).text();
    return Number(/: (\d+)/.exec(text)?.[1] ?? NaN);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "weir-run-test-"));
    const started = Date.now();
    api = await startApiServer();
    admin = new Cluster(api.adminKubeconfig);
    console.log(`  kube-apiserver ${api.url} ready in ${Date.now() - started} ms`);
    // The Gateway API CRDs, then the install folder up to (not including) the sample.
    await admin.apply(readFileSync(KUBE_BINARIES.gatewayApiCrds, "utf8"));
    for (const { file, text } of deployManifests().filter((f) => f.file < "10-")) await admin.apply(text);
    await apply(m.namespace(), ...m.keyGrant(["openai-key", "missing-key"]));
    const token = await admin.tokenFor("weir-system", "weir");

    mock = await startMockProvider();
    listenerPort = await freePort();
    const adminPort = await freePort();
    const healthPort = await freePort();
    readyPort = await freePort();
    weirArgs = [
      "--kubeconfig", api.kubeconfigFor("weir", token),
      "--output-dir", join(dir, "xds"),
      "--write-bootstrap", join(dir, "envoy.yaml"),
      "--admin-port", String(adminPort),
      "--ready-port", String(readyPort),
      "--health-port", String(healthPort),
      "--wasm", WASM,
      "--listener-address", "127.0.0.1",
      "--backend-host-override", `127.0.0.1:${mock.port}`,
      "--status", "lease:weir-system/weir-status",
    ];
    weir = startWeirRun(weirArgs);
    await timeUntil("weir run publishes a first config", async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).ok, 30_000);
    envoy = await startEnvoy(readFileSync(join(dir, "envoy.yaml"), "utf8"), adminPort);
    client = gatewayClient(listenerPort, mock);
    // The probe listener the kubelet uses (admin stays on loopback).
    const probe = await fetch(`http://127.0.0.1:${readyPort}/ready`);
    assert.equal(probe.status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${readyPort}/config_dump`)).status, 404, "only /ready is exposed");
  });

  after(async () => {
    client?.close();
    await weir?.stop();
    await envoy?.stop();
    await mock?.close();
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (delays.length > 0) {
      console.log("  propagation (API write → first request through Envoy showing it):");
      for (const d of delays) console.log(`    ${String(d.ms).padStart(5)} ms  ${d.change}`);
      const sorted = delays.map((d) => d.ms).sort((a, b) => a - b);
      console.log(`    median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms (bound ${PROPAGATION_BOUND_MS} ms)`);
      console.log(`  controller's share (change event → files written): ${[...stoppedRuns, weir].flatMap((w) => w?.publishDelays() ?? []).join(", ")} ms`);
    }
  });

  test("apply a Gateway, a keyed LLMBackend and a route: requests go through with the Secret's key", async () => {
    await apply(m.secret("openai-key", { Authorization: "Bearer sk-key-1" }), m.openaiBackend("openai", "model-1", m.secretRef("openai-key")));
    await apply(m.gateway(listenerPort), m.route("openai", "/openai", "openai"));
    await timed("new Gateway, route and backend", until("/openai", (e) => e.key === "Bearer sk-key-1"));
    const reply = await chat();
    assert.equal(reply.status, 200);
    assert.equal(reply.model, "model-1", "the backend's model replaced the client's");
    await timeUntil("LLMBackend status", async () => (await conditions("LLMBackend", "openai")).Accepted?.status === "True");
    const c = await conditions("LLMBackend", "openai");
    showCondition("LLMBackend openai", c.Accepted);
    showCondition("LLMBackend openai", c.ResolvedRefs);
    assert.equal(c.Accepted.observedGeneration, 1);
    assert.equal(c.ResolvedRefs.status, "True");
    const printed = await kubectlGet("LLMBackend");
    assert.deepEqual(Object.keys(printed.get("openai")!), ["Name", "Accepted", "Reason", "Age"], "kubectl get shows the Accepted condition");
    assert.deepEqual([printed.get("openai")!.Accepted, printed.get("openai")!.Reason], ["True", "Accepted"]);
    await timeUntil("HTTPRoute parent status", async () => (await routeParents("openai"))[0]?.byType.Accepted?.status === "True");
    const [parent] = await routeParents("openai");
    showCondition("HTTPRoute openai parent gw", parent.byType.Accepted);
    assert.equal(parent.controllerName, "weir.dev/gateway-controller");
    assert.equal(parent.byType.ResolvedRefs.status, "True");
  });

  test("rotate the Secret: the new key is used on the open connection, a stream in flight finishes, Envoy is not restarted", async () => {
    const listenersBefore = await envoyStat("listener_manager.listener_added");
    const inFlight = await startSlowStream();
    await apply(m.secret("openai-key", { Authorization: "Bearer sk-key-2" }));
    await timed("Secret rotated", until("/openai", (e) => e.key === "Bearer sk-key-2"));
    const streamed = await inFlight.finished;
    assert.equal(streamed.status, 200);
    assert.match(streamed.body, /data: \[DONE\]/, "the stream that was in flight during the update completed");
    assert.equal(await envoyStat("listener_manager.listener_added"), listenersBefore, "no listener was replaced");
    assert.equal(await envoyStat("listener_manager.listener_modified"), 0);
    assert.equal(await envoyStat("server.hot_restart_epoch"), 0, "Envoy was never restarted");
  });

  test("change the backend's model", async () => {
    await apply(m.openaiBackend("openai", "model-2", m.secretRef("openai-key")));
    await timed("LLMBackend model changed", until("/openai", (e) => e.model === "model-2"));
  });

  test("the API server refuses an unknown provider (CRD schema): nothing changes", async () => {
    const broken = m.openaiBackend("openai", "model-x", m.secretRef("openai-key"));
    (broken.spec as any).llm.provider = { openaix: { model: "x" } };
    say("apply LLMBackend team-a/openai with provider openaix");
    await assert.rejects(admin.apply([broken]), (e: Error) => {
      say(`refused by the API server: ${e.message.replace(/^.*?: /, "").slice(0, 160)}`);
      return /422|Invalid|provider/.test(e.message);
    });
    const reply = await chat();
    assert.deepEqual([reply.key, reply.model], ["Bearer sk-key-2", "model-2"]);
  });

  test("rotate the Secret to one without the key: the old key stays, the LLMBackend says why", async () => {
    say("replace Secret team-a/openai-key with one holding only a key \"wrong\"");
    await admin.replace(m.secret("openai-key", { wrong: "no Authorization entry" }));
    await timeUntil("ResolvedRefs=False", async () => (await conditions("LLMBackend", "openai")).ResolvedRefs?.status === "False");
    const c = await conditions("LLMBackend", "openai");
    showCondition("LLMBackend openai", c.Accepted);
    showCondition("LLMBackend openai", c.ResolvedRefs);
    assert.equal(c.ResolvedRefs.reason, "InvalidRef");
    assert.match(c.ResolvedRefs.message, /Secret openai-key has no key "Authorization"/);
    assert.equal(c.Accepted.status, "False");
    assert.match(c.Accepted.message, /with the last accepted version of Secret team-a\/openai-key/);
    const printed = (await kubectlGet("LLMBackend", true)).get("openai")!;
    assert.deepEqual([printed.Accepted, printed.Reason, printed.ResolvedRefs], ["False", c.Accepted.reason, "False"], "kubectl get -o wide shows why");
    const reply = await chat();
    assert.deepEqual([reply.status, reply.key, reply.model], [200, "Bearer sk-key-2", "model-2"], "Envoy still serves the last good config");

    await apply(m.secret("openai-key", { Authorization: "Bearer sk-key-3" }));
    await timed("Secret fixed", until("/openai", (e) => e.key === "Bearer sk-key-3"));
    await timeUntil("Accepted=True again", async () => (await conditions("LLMBackend", "openai")).Accepted?.status === "True");
  });

  test("point the backend at a missing Secret, then at one Weir may not read: status says which, the old key stays", async () => {
    await apply(m.openaiBackend("openai", "model-2", m.secretRef("missing-key")));
    await timeUntil("RefNotFound", async () => (await conditions("LLMBackend", "openai")).ResolvedRefs?.reason === "RefNotFound");
    let c = await conditions("LLMBackend", "openai");
    showCondition("LLMBackend openai", c.ResolvedRefs);
    assert.match(c.ResolvedRefs.message, /Secret missing-key is not found/);
    assert.equal(c.ResolvedRefs.observedGeneration, 3);
    assert.match(c.Accepted.message, /generation 2/);
    assert.equal((await chat()).key, "Bearer sk-key-3");

    await apply(m.secret("not-granted", { Authorization: "Bearer sk-not-granted" }));
    await apply(m.openaiBackend("openai", "model-2", m.secretRef("not-granted")));
    await timeUntil("RefNotPermitted", async () => (await conditions("LLMBackend", "openai")).ResolvedRefs?.reason === "RefNotPermitted");
    c = await conditions("LLMBackend", "openai");
    showCondition("LLMBackend openai", c.ResolvedRefs);
    assert.match(c.ResolvedRefs.message, /cannot read Secret team-a\/not-granted/);
    assert.doesNotMatch(c.ResolvedRefs.message, /not found/, "an unreadable Secret is not reported as missing");
    assert.equal((await chat()).key, "Bearer sk-key-3", "the Secret RBAC does not grant never reached Envoy");

    await apply(m.openaiBackend("openai", "model-2", m.secretRef("openai-key")));
    await timeUntil("Accepted=True", async () => (await conditions("LLMBackend", "openai")).Accepted?.status === "True");
    assert.equal((await conditions("LLMBackend", "openai")).Accepted.observedGeneration, 5);
  });

  test("add a route, break it (no such listener), then delete it", async () => {
    await apply(m.openaiBackend("second", "model-s", m.inline("sk-inline-second")), m.route("second", "/second", "second"));
    await timed("HTTPRoute added", until("/second", (e) => e.key === "Bearer sk-inline-second"));

    await apply(m.route("second", "/second", "second", { name: "gw", sectionName: "no-such-listener" }));
    await timeUntil("route parent Accepted=False", async () => (await routeParents("second"))[0]?.byType.Accepted?.status === "False");
    const [parent] = await routeParents("second");
    showCondition("HTTPRoute second parent gw", parent.byType.Accepted);
    assert.equal(parent.byType.Accepted.reason, "NoMatchingParent");
    assert.equal((await chat("/second")).status, 200, "the last accepted version of the route still serves");

    say("delete HTTPRoute team-a/second");
    await admin.delete("gateway.networking.k8s.io/v1", "HTTPRoute", m.NS, "second");
    await timed("HTTPRoute deleted", until("/second", (e) => e.status === 404));
    assert.equal((await chat()).status, 200, "other routes are untouched");
  });

  test("the controller crashes: Envoy keeps serving; a restarted controller catches up, remembering what it accepted", async () => {
    await apply(m.openaiBackend("third", "model-t", m.inline("sk-inline-third")), m.route("third", "/third", "third"));
    await timeUntil("third route served", until("/third", (e) => e.status === 200));

    say("kill -9 weir run");
    await weir.kill();
    stoppedRuns.push(weir);
    assert.equal((await chat()).status, 200, "Envoy serves on while the controller is down");
    await apply(m.secret("openai-key", { Authorization: "Bearer sk-key-4" }));
    // Broken while nobody watches: the restarted controller must not drop it.
    await apply(m.openaiBackend("third", "model-t", m.secretRef("missing-key")));
    assert.equal((await chat()).key, "Bearer sk-key-3");

    say("start weir run again");
    const restartedAt = Date.now();
    weir = startWeirRun(weirArgs);
    await timeUntil("the restarted controller publishes the rotation", until("/openai", (e) => e.key === "Bearer sk-key-4"), 30_000);
    say(`… rotation seen ${Date.now() - restartedAt} ms after the controller restarted`);
    const third = await chat("/third");
    assert.deepEqual([third.status, third.key], [200, "Bearer sk-inline-third"], "the last accepted version of a backend broken during the outage is kept");
    await timeUntil("status of the broken backend", async () => (await conditions("LLMBackend", "third")).ResolvedRefs?.status === "False");
    showCondition("LLMBackend third", (await conditions("LLMBackend", "third")).Accepted);
  });

  test("move the Gateway to another port: the listener is replaced, a stream in flight on the old one finishes", async () => {
    const newPort = await freePort();
    const inFlight = await startSlowStream();
    await apply(m.gateway(newPort));
    const moved = gatewayClient(newPort, mock);
    try {
      await timed("Gateway listener moved to a new port", async () => {
        const e = await moved.chat("/openai").catch(() => undefined);
        if (e?.status === 200) say(`POST :${newPort}/openai/v1/chat/completions → 200, provider got "${e.key}"`);
        return e?.status === 200;
      });
    } finally {
      moved.close();
    }
    const streamed = await inFlight.finished;
    assert.equal(streamed.status, 200);
    assert.match(streamed.body, /data: \[DONE\]/, "the stream on the replaced listener completed");
    assert.ok((await envoyStat("listener_manager.listener_modified")) >= 1, "the listener was replaced in place");
    assert.equal(await envoyStat("server.hot_restart_epoch"), 0, "Envoy was never restarted");
  });
});

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

