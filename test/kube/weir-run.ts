// `weir run` as a separate process (the built bundle: dist/weir.js, which loads dist/weir-run.js), as it
// runs beside Envoy in a pod: started with a kubeconfig, stopped or killed.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { buildBundle, REPO_ROOT } from "../../controller/e2e/bundle.ts";

export interface WeirRun {
  logs(): string;
  /** Log lines "published ... N ms after the change": the controller's own share of the delay. */
  publishDelays(): number[];
  /** SIGTERM, as Kubernetes stops a container. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export function startWeirRun(args: string[], env: NodeJS.ProcessEnv = {}): WeirRun {
  const bundle = buildBundle();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [bundle, "run", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  if (process.env.WEIR_KUBE_TEST_LOGS) child.stderr!.on("data", (d) => process.stderr.write(d));
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    logs: () => output,
    publishDelays: () => [...output.matchAll(/published .* (\d+) ms after the change/g)].map((m) => Number(m[1])),
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}

export const WASM = join(REPO_ROOT, "build", "weir.wasm");
