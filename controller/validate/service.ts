// A core Service a route forwards to as plain HTTP. Only what decides the
// address is read: an ExternalName Service names its host; any other Service
// is reached through its cluster DNS name. Its other fields (selector,
// clusterIP…) belong to the cluster, not to the Envoy config.
import { hostname } from "../providers/field-checks.ts";
import { child, readList, readPort, readRecord, readString, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { Service } from "./resources.ts";

export function validateService({ meta, object }: IdentifiedObject, reportTo: Report): Service | undefined {
  const { report, failed } = tracked(reportTo);
  const spec = readRecord(object.spec, "spec", report, false) ?? {};
  const type = readString(spec.type, "spec.type", report, false);
  let externalName: string | undefined;
  if (type === "ExternalName") {
    externalName = readString(spec.externalName, "spec.externalName", report, true);
    const problem = externalName === undefined ? undefined : hostname(externalName);
    if (problem) report("spec.externalName", problem);
  }
  const ports = readList(spec.ports, "spec.ports", report).flatMap((item, i) => {
    const port = readRecord(item, child("spec.ports", i), report, true);
    return port ? (readPort(port.port, child(child("spec.ports", i), "port"), report, true) ?? []) : [];
  });
  return failed() ? undefined : { meta, ports, ...(externalName ? { externalName } : {}) };
}
