// The objects of the last configuration Envoy was given, kept next to it in
// the xDS directory. The fallback render steps back to these versions when a
// change is invalid; saving them lets a restarted controller (same pod, same
// volume) keep doing so, instead of dropping an object that broke while it
// was down. Holds Secret data, like the xDS files themselves: owner-only.
// (Renaming it into the watched directory makes Envoy re-read its files; they
// are unchanged, so that is a no-op.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { objectKey, type KubeObject, type ObjectKey } from "./kube-object.ts";
import { writeAtomically } from "./xds-writer.ts";

const FILE = ".weir-accepted.json";

export function loadAccepted(dir: string): Map<ObjectKey, KubeObject> {
  try {
    const objects = JSON.parse(readFileSync(join(dir, FILE), "utf8")) as KubeObject[];
    return new Map(objects.map((o) => [objectKey(o), o]));
  } catch {
    return new Map();
  }
}

export function saveAccepted(dir: string, objects: Map<ObjectKey, KubeObject>): void {
  writeAtomically(dir, FILE, JSON.stringify([...objects.values()]), 0o600);
}
