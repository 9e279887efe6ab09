// A real Kubernetes API server for tests: etcd and kube-apiserver on free
// loopback ports, with a generated service-account signing key (so tokens
// for ServiceAccounts can be requested and RBAC tested), a static token for
// an admin in system:masters, RBAC authorization, and a kubeconfig file per
// identity. No kubelet, scheduler or controller-manager: objects are stored
// and watched, workloads never run.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/ports.ts";
import { KUBE_BINARIES } from "./binaries.ts";

export interface ApiServer {
  url: string;
  /** Kubeconfig of the admin (system:masters). */
  adminKubeconfig: string;
  /** Writes a kubeconfig for a bearer token (e.g. a ServiceAccount's) and returns its path. */
  kubeconfigFor(name: string, token: string): string;
  logs(): string;
  stop(): Promise<void>;
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(command: string, args: string[]): Proc {
  let output = "";
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, output: () => output, exited };
}

async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
  await p.exited;
  clearTimeout(timer);
}

export async function startApiServer(): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), "weir-kube-"));
  const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
  const etcd = launch(KUBE_BINARIES.etcd, [
    "--name", "weir-test",
    "--data-dir", join(dir, "etcd"),
    "--listen-client-urls", `http://127.0.0.1:${etcdClient}`,
    "--advertise-client-urls", `http://127.0.0.1:${etcdClient}`,
    "--listen-peer-urls", `http://127.0.0.1:${etcdPeer}`,
    "--initial-advertise-peer-urls", `http://127.0.0.1:${etcdPeer}`,
    "--initial-cluster", `weir-test=http://127.0.0.1:${etcdPeer}`,
    // A throwaway store: durability is not worth an fsync per write.
    "--unsafe-no-fsync",
  ]);
  let apiserver: Proc | undefined;
  const stop = async () => {
    if (apiserver) await stopProc(apiserver);
    await stopProc(etcd);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok, etcd, "etcd", 15_000);

    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    const adminToken = randomBytes(24).toString("hex");
    writeFileSync(join(dir, "tokens.csv"), `${adminToken},weir-test-admin,weir-test-admin,"system:masters"\n`);
    mkdirSync(join(dir, "certs"));
    apiserver = launch(KUBE_BINARIES.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${securePort}`,
      // No serving certificate given: it makes a self-signed one (and its CA) here.
      `--cert-dir=${join(dir, "certs")}`,
      `--token-auth-file=${join(dir, "tokens.csv")}`,
      `--service-account-key-file=${join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--authorization-mode=RBAC",
      "--service-cluster-ip-range=10.96.0.0/16",
      // Nothing here serves the kubernetes Service's endpoints.
      "--endpoint-reconciler-type=none",
      "--enable-priority-and-fairness=false",
    ]);
    const url = `https://127.0.0.1:${securePort}`;
    const certs = join(dir, "certs", "apiserver.crt");
    const kubeconfigFor = (name: string, token: string) => {
      const path = join(dir, `${name}.kubeconfig`);
      writeFileSync(path, kubeconfig(url, readFileSync(certs, "utf8"), name, token));
      return path;
    };
    const proc = apiserver;
    await waitFor(
      async () => {
        // The serving certificate appears once the server starts; until then there is nothing to trust.
        const res = await fetchWithToken(`${url}/readyz`, adminToken);
        return res === 200;
      },
      proc,
      "kube-apiserver",
      90_000,
    );
    return {
      url,
      adminKubeconfig: kubeconfigFor("admin", adminToken),
      kubeconfigFor,
      logs: () => `--- etcd ---\n${etcd.output()}\n--- kube-apiserver ---\n${proc.output()}`,
      stop,
    };
  } catch (e) {
    const logs = `${etcd.output().slice(-3000)}\n${apiserver?.output().slice(-5000) ?? ""}`;
    await stop();
    throw new Error(`${(e as Error).message}\n${logs}`);
  }
}

function kubeconfig(server: string, caPem: string, user: string, token: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "test", cluster: { server, "certificate-authority-data": Buffer.from(caPem).toString("base64") } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: "test", user } }],
    "current-context": user,
  });
}

// The readiness probe before a kubeconfig exists: TLS verification is off
// only here, for this one loopback GET.
async function fetchWithToken(url: string, token: string): Promise<number> {
  const https = await import("node:https");
  return new Promise((resolve) => {
    const req = https.request(url, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

async function waitFor(ready: () => Promise<boolean>, proc: Proc, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${name} exited with ${proc.child.exitCode}`);
    try {
      if (await ready()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s`);
}
