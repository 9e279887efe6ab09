// The files of one configuration, as Envoy's file subscriptions read them:
// each a DiscoveryResponse in JSON, versioned by its own content so that an
// unchanged resource keeps its version (and its file, byte for byte).
import { createHash } from "node:crypto";
import type { XdsResources } from "./xds-resources.ts";

export const LDS_FILE = "lds.json";
export const CDS_FILE = "cds.json";

const LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
const CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

/** File name → content. Map order is the order they must be written in (see xds-writer.ts). */
export type XdsFiles = Map<string, string>;

export function xdsFiles(resources: XdsResources): XdsFiles {
  const files: XdsFiles = new Map();
  // Clusters first: a route naming a cluster Envoy does not know yet answers
  // 503 until it arrives. Then what listeners refer to, then the listeners.
  files.set(CDS_FILE, discoveryResponse(resources.clusters.map((c) => ({ "@type": CLUSTER, ...c }))));
  for (const { file, resource } of [...resources.filters, ...resources.routes]) files.set(file, discoveryResponse([resource]));
  files.set(LDS_FILE, discoveryResponse(resources.listeners.map((l) => ({ "@type": LISTENER, ...l }))));
  return files;
}

function discoveryResponse(resources: object[]): string {
  const body = JSON.stringify(resources);
  const version = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return `{"version_info":"${version}","resources":${body}}\n`;
}
