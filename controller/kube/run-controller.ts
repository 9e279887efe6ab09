// Wires `weir run` together and runs it until stopped: kubeconfig, the
// informers, the reconciler, the xDS writer, status (with its lease) and the
// probe endpoints.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type http from "node:http";
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import { toYaml } from "../envoy/yaml.ts";
import { loadAccepted } from "./accepted-state.ts";
import { ClusterObjects } from "./cluster-objects.ts";
import { dynamicBootstrap } from "./dynamic-bootstrap.ts";
import { startHealthServer } from "./health-server.ts";
import { kubeClient } from "./kube-client.ts";
import { Reconciler } from "./reconciler.ts";
import type { RunConfig } from "./run-flags.ts";
import { SecretWatches } from "./secret-watches.ts";
import { StatusLease } from "./status-lease.ts";
import { XdsWriter } from "./xds-writer.ts";

export interface RunningController {
  stop(): Promise<void>;
}

export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

export async function runController(config: RunConfig, log: (message: string) => void): Promise<RunningController> {
  mkdirSync(config.outputDir, { recursive: true });
  if (config.bootstrap) {
    mkdirSync(dirname(config.bootstrap.path), { recursive: true });
    const bootstrap = dynamicBootstrap({
      xdsDir: config.envoyXdsDir,
      adminPort: config.render.adminPort,
      readyPort: config.bootstrap.readyPort,
      nodeId: config.identity,
    });
    writeFileSync(config.bootstrap.path, toYaml(bootstrap));
  }

  const kc = loadKubeConfig(config.kubeconfig);
  const client = kubeClient(kc);
  const writer = new XdsWriter(config.outputDir);
  let reconciler: Reconciler | undefined;
  const changed = () => reconciler?.changed();
  const cluster = new ClusterObjects(kc, client, { onChange: changed, log });
  const secrets = new SecretWatches(kc, client, { onChange: changed, log });
  const lease =
    config.status.kind === "lease"
      ? new StatusLease(client, { namespace: config.status.namespace, name: config.status.name, identity: config.identity, onChange: changed, log })
      : undefined;
  const writesStatus = () => (config.status.kind === "always" ? true : config.status.kind === "never" ? false : lease!.isLeader);

  reconciler = new Reconciler(
    { cluster, secrets, writer, client, writesStatus },
    {
      render: config.render,
      gatewayClass: config.gatewayClass,
      envoyXdsDir: config.envoyXdsDir,
      outputDir: config.outputDir,
      debounceMs: config.debounceMs,
      maxDelayMs: Math.max(200, config.debounceMs * 4),
      secretWaitMs: 5_000,
      log,
    },
    loadAccepted(config.outputDir),
  );

  let health: http.Server | undefined;
  if (config.healthPort !== undefined) health = startHealthServer(config.healthPort, () => writer.hasConfig);
  log(`watching ${kc.getCurrentCluster()?.server} for Gateways of class ${config.gatewayClass}; xDS in ${config.outputDir}`);
  await cluster.start();
  lease?.start();

  return {
    async stop() {
      reconciler?.stop();
      await lease?.stop();
      await Promise.all([cluster.stop(), secrets.stop()]);
      await new Promise<void>((done) => (health ? health.close(() => done()) : done()));
    },
  };
}
