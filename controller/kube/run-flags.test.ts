import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../cli-flags.ts";
import { parseRunFlags, type RunConfig } from "./run-flags.ts";

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseRunFlags(args, env, "host-1") as RunConfig;

test("defaults: class weir, status always outside a pod, a lease inside one", () => {
  const local = parse(["--output-dir", "/tmp/x"]);
  assert.equal(local.gatewayClass, "weir");
  assert.equal(local.envoyXdsDir, "/tmp/x");
  assert.deepEqual(local.status, { kind: "always" });
  assert.equal(local.identity, "host-1");
  const inPod = parse(["--output-dir", "/x"], { POD_NAMESPACE: "weir-system", POD_NAME: "weir-abc" });
  assert.deepEqual(inPod.status, { kind: "lease", namespace: "weir-system", name: "weir-status" });
  assert.equal(inPod.identity, "weir-abc");
});

test("flags", () => {
  const c = parse(["--output-dir", "x", "--envoy-xds-dir", "/envoy/x", "--status", "lease:a/b", "--write-bootstrap", "/b.yaml", "--ready-port", "19001", "--backend-host-override", "127.0.0.1:9", "--access-log", "/var/log/envoy/access.log"]);
  assert.deepEqual(c.status, { kind: "lease", namespace: "a", name: "b" });
  assert.deepEqual(c.bootstrap, { path: "/b.yaml", readyPort: 19001 });
  assert.equal(c.envoyXdsDir, "/envoy/x");
  assert.deepEqual(c.render.backendHostOverride, { host: "127.0.0.1", port: 9 });
  assert.equal(c.render.accessLogPath, "/var/log/envoy/access.log");
  assert.equal(parse(["--output-dir", "x"]).render.accessLogPath, undefined, "default: Envoy's stdout");
});

test("usage errors name the flag", () => {
  assert.throws(() => parse([]), UsageError);
  assert.throws(() => parse(["--output-dir", "x", "--status", "sometimes"]), /--status/);
  assert.throws(() => parse(["--output-dir", "x", "--debounce-ms", "-1"]), /--debounce-ms/);
  assert.throws(() => parse(["--output-dir", "x", "--access-log", ""]), /--access-log/);
  assert.equal(parseRunFlags(["--help"], {}, "h"), "help");
});
