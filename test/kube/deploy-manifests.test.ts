// envoy/deploy/ is the install: everything in it is accepted by a real API
// server, the controller's RBAC lets it do its job and no more, and two
// gateway replicas (two controllers) publish the same config while one of
// them, the Lease holder, writes the sample's status.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startApiServer, type ApiServer } from "./apiserver.ts";
import { KUBE_BINARIES, missingKubeBinaries } from "./binaries.ts";
import { Cluster, kubectlLines } from "./cluster.ts";
import { deployCrdsText, deployManifests, DEPLOY_DIR } from "./deploy-files.ts";
import { timeUntil } from "./gateway-client.ts";
import { startWeirRun, WASM, type WeirRun } from "./weir-run.ts";

test("envoy/deploy/01-crds.yaml is what the controller generates", () => {
  assert.equal(readFileSync(join(DEPLOY_DIR, "01-crds.yaml"), "utf8"), deployCrdsText(), "run: node --import tsx scripts/kube/write-deploy-crds.ts");
});

const missing = missingKubeBinaries();
if (missing && process.env.WEIR_KUBE_TESTS === "required") throw new Error(missing);

describe("kubectl apply -f envoy/deploy on a real API server", { skip: missing }, () => {
  let api: ApiServer;
  let admin: Cluster;
  let asWeir: Cluster;
  let weirKubeconfig: string;
  const runs: WeirRun[] = [];
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "weir-deploy-test-"));
    api = await startApiServer();
    admin = new Cluster(api.adminKubeconfig);
    await admin.apply(readFileSync(KUBE_BINARIES.gatewayApiCrds, "utf8"));
  });

  after(async () => {
    await Promise.all(runs.map((r) => r.stop()));
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("every file applies, in order", async () => {
    for (const { file, text } of deployManifests()) {
      const applied = await admin.apply(text);
      console.log(`  ${file}: ${applied.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`).join(", ")}`);
    }
    weirKubeconfig = api.kubeconfigFor("weir", await admin.tokenFor("weir-system", "weir"));
    asWeir = new Cluster(weirKubeconfig);
  });

  test("RBAC: the controller reads what it renders, writes only status, and reads only the Secrets granted to it", async () => {
    const can = async (verb: string, group: string, resource: string, namespace?: string, name?: string, subresource?: string) => {
      const review = await asWeir.client.create<{ status: { allowed: boolean } }>("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { verb, group, resource, namespace, name, subresource } },
      });
      return review.status.allowed;
    };
    const expectations: [boolean, string, string, string, string?, string?, string?][] = [
      [true, "watch", "weir.dev", "llmbackends"],
      [true, "watch", "weir.dev", "aipolicies"],
      [true, "watch", "gateway.networking.k8s.io", "httproutes"],
      [true, "watch", "gateway.networking.k8s.io", "gateways"],
      [true, "watch", "", "services"],
      [true, "patch", "weir.dev", "llmbackends", "weir-demo", "openai", "status"],
      [true, "patch", "gateway.networking.k8s.io", "httproutes", "weir-demo", "openai", "status"],
      [false, "patch", "weir.dev", "llmbackends", "weir-demo", "openai"],
      [false, "delete", "gateway.networking.k8s.io", "httproutes", "weir-demo", "openai"],
      [true, "watch", "", "secrets", "weir-demo", "openai-key"],
      [false, "get", "", "secrets", "weir-demo", "some-other-secret"],
      [false, "list", "", "secrets", "weir-demo"],
      [false, "list", "", "secrets"],
      [false, "get", "", "secrets", "kube-system", "openai-key"],
      [true, "update", "coordination.k8s.io", "leases", "weir-system", "weir-status"],
      [false, "update", "coordination.k8s.io", "leases", "kube-system", "weir-status"],
    ];
    for (const [expected, verb, group, resource, namespace, name, subresource] of expectations) {
      const allowed = await can(verb, group, resource, namespace, name, subresource);
      const what = `${verb} ${group || "core"}/${resource}${subresource ? `/${subresource}` : ""}${namespace ? ` in ${namespace}` : " cluster-wide"}${name ? ` name=${name}` : ""}`;
      console.log(`  ${allowed ? "allowed" : "denied "}  ${what}`);
      assert.equal(allowed, expected, what);
    }
  });

  test("two replicas publish the same config; the Lease holder writes the sample's status; a successor takes over", async () => {
    const start = (id: string) => {
      const run = startWeirRun(
        ["--kubeconfig", weirKubeconfig, "--output-dir", join(dir, id), "--envoy-xds-dir", "/var/run/weir/xds", "--wasm", WASM, "--admin-port", "19000", "--status", "lease:weir-system/weir-status"],
        { POD_NAME: id },
      );
      runs.push(run);
      return run;
    };
    const [a, b] = [start("replica-a"), start("replica-b")];
    // The xDS files Envoy reads. Not .weir-accepted.json, each replica's own memory of what it
    // accepted: it keeps the resourceVersion read at the time, which differs when one replica
    // lists the objects after the other has written their status.
    const files = (id: string) => readdirSync(join(dir, id)).filter((f) => f.endsWith(".json") && !f.startsWith(".")).sort();
    await timeUntil("both replicas publish", async () => files("replica-a").includes("lds.json") && files("replica-b").includes("lds.json"), 20_000);
    await timeUntil("the same files", async () => {
      const [fa, fb] = [files("replica-a"), files("replica-b")];
      return fa.join() === fb.join() && fa.every((f) => readFileSync(join(dir, "replica-a", f), "utf8") === readFileSync(join(dir, "replica-b", f), "utf8"));
    });

    const accepted = async (apiVersion: string, kind: string, name: string) => {
      const o = await admin.get<any>(apiVersion, kind, "weir-demo", name);
      const conditions = kind === "HTTPRoute" ? o?.status?.parents?.[0]?.conditions : o?.status?.conditions;
      return conditions?.find((c: { type: string }) => c.type === "Accepted");
    };
    for (const [apiVersion, kind, name] of [
      ["weir.dev/v1alpha1", "LLMBackend", "openai"],
      ["weir.dev/v1alpha1", "AIPolicy", "openai-guards"],
      ["gateway.networking.k8s.io/v1", "HTTPRoute", "openai"],
    ]) {
      await timeUntil(`${kind} accepted`, async () => (await accepted(apiVersion, kind, name))?.status === "True");
      console.log(`  ${kind} weir-demo/${name}: Accepted=True`);
    }
    // kubectl get llmbackend,aipolicy: the printer columns show the Accepted condition.
    const printed = async (kind: string) => {
      const rows = await admin.table("weir.dev/v1alpha1", kind, "weir-demo");
      for (const line of kubectlLines(rows)) console.log(`  ${line}`);
      return new Map(rows.map((r) => [r.Name, r]));
    };
    for (const [kind, name] of [["LLMBackend", "openai"], ["AIPolicy", "openai-guards"]]) {
      const row = (await printed(kind)).get(name);
      assert.deepEqual([row?.Accepted, row?.Reason], ["True", "Accepted"], `kubectl get ${kind.toLowerCase()} ${name}`);
    }

    const holder = async () => (await admin.get<any>("coordination.k8s.io/v1", "Lease", "weir-system", "weir-status"))?.spec?.holderIdentity;
    const leader = await holder();
    assert.ok(leader === "replica-a" || leader === "replica-b", `lease held by ${leader}`);
    const [leaderRun, successor] = leader === "replica-a" ? [a, "replica-b"] : [b, "replica-a"];
    const stoppedAt = Date.now();
    await leaderRun.stop();
    await timeUntil("the other replica takes the lease", async () => (await holder()) === successor, 15_000);
    console.log(`  lease: ${leader} stopped, ${successor} writes status ${Date.now() - stoppedAt} ms later`);

    // The successor writes: break the policy's target and watch its status.
    await admin.apply([{
      apiVersion: "weir.dev/v1alpha1", kind: "AIPolicy", metadata: { name: "openai-guards", namespace: "weir-demo" },
      spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "no-such-route" }], ai: { promptGuard: { request: { regex: { builtins: ["SSN"] } } } } },
    }]);
    await timeUntil("AIPolicy Accepted=False", async () => (await accepted("weir.dev/v1alpha1", "AIPolicy", "openai-guards"))?.status === "False");
    const c = await accepted("weir.dev/v1alpha1", "AIPolicy", "openai-guards");
    console.log(`  AIPolicy weir-demo/openai-guards: Accepted=${c.status} reason=${c.reason}: ${c.message}`);
    assert.match(c.message, /no-such-route/);
    const row = (await printed("AIPolicy")).get("openai-guards");
    assert.deepEqual([row?.Accepted, row?.Reason], ["False", c.reason], "kubectl get aipolicy shows the refusal");
  });
});
