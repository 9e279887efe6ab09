// Weighted backendRefs become one route per backend sharing out Envoy's
// per-request random draw with cumulative runtime_fraction thresholds
// (ir/weighted-split.ts). That is exact only if Envoy tests every route of a
// request against the same draw; with a fresh draw per route, three equal
// weights would come out 1/3, 4/9, 2/9. This checks the real Envoy.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { documents, gateway, httpRoute, llmBackend, llmRef } from "./fixtures.ts";
import { startRoutesOnly, type RoutesOnly } from "./routes-only.ts";

const NAMES = ["a", "b", "c"];
const MANIFESTS = documents(
  gateway(),
  ...NAMES.map((name) => llmBackend(name, "openai: {model: m, authToken: {kind: Inline, inline: k}}", `pathOverride: {fullPath: /${name}}`)),
  httpRoute("r", { rules: [`{backendRefs: [${NAMES.map((name) => llmRef(name, 1)).join(", ")}]}`] }),
);

let envoy: RoutesOnly;
before(async () => {
  envoy = await startRoutesOnly(MANIFESTS);
});
after(() => envoy?.stop());

test("three equal weights get a third each", async () => {
  const counts: Record<string, number> = { "/a": 0, "/b": 0, "/c": 0 };
  const total = 900;
  for (let i = 0; i < total; i++) {
    assert.equal((await envoy.exchange("10000", "/anything")).status, 200);
    counts[envoy.last().url]++;
  }
  // A third is 300 ± 14 (one standard deviation); independent draws would give c about 200.
  for (const [path, n] of Object.entries(counts)) assert.ok(n > 240 && n < 360, `${path} took ${n} of ${total}: ${JSON.stringify(counts)}`);
});
