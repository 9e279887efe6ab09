// Where scripts/kube/install.sh puts etcd, kube-apiserver and the Gateway API
// CRDs (overridable with WEIR_ETCD_BIN / WEIR_KUBE_APISERVER_BIN), and
// whether they are there.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const cache = process.env.WEIR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "weir");
const kubeVersion = process.env.WEIR_KUBE_VERSION ?? "1.34.4";
const gatewayApiVersion = process.env.WEIR_GATEWAY_API_VERSION ?? "v1.3.0";

export const KUBE_BINARIES = {
  etcd: process.env.WEIR_ETCD_BIN ?? join(cache, "kube", "etcd", "etcd"),
  kubeApiserver: process.env.WEIR_KUBE_APISERVER_BIN ?? join(cache, "kube", `v${kubeVersion}`, "kube-apiserver"),
  gatewayApiCrds: join(cache, "kube", `gateway-api-${gatewayApiVersion}-standard.yaml`),
};

/** Why the Kubernetes tests cannot run here, or undefined when they can. */
export function missingKubeBinaries(): string | undefined {
  const missing = Object.entries(KUBE_BINARIES).filter(([, path]) => !existsSync(path));
  if (missing.length === 0) return undefined;
  return `missing ${missing.map(([name, path]) => `${name} (${path})`).join(", ")}: run \`bash scripts/kube/install.sh\``;
}
