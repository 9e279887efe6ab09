// The filter's own parser checks the plugin config at render, and each of its
// refusals is reported on the manifest field it came from, all at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic } from "../diagnostics.ts";
import { aiPolicy, documents, gateway, httpRoute, irOf, llmBackend, llmRef } from "../e2e/fixtures.ts";
import { pluginConfig } from "../envoy/wasm-filter.ts";
import type { ForwardToLLM } from "../ir/types.ts";
import { GOLDEN_OPTIONS, testFilter } from "../pipeline/golden.ts";
import { render } from "../pipeline/render.ts";
import { checkPluginConfig } from "./check-plugin-config.ts";
import { FilterModuleError, loadFilterValidator } from "./wasm-validator.ts";

const MANIFESTS = documents(
  gateway(),
  llmBackend("chat", "openai: {authToken: {kind: Inline, inline: sk-never-print-me}}"),
  httpRoute("chat", { rules: [`{matches: [{path: {value: /a}}, {path: {value: /b}}], backendRefs: [${llmRef("chat")}]}`] }),
  aiPolicy("guard", "chat", `promptGuard:
  request:
    regex:
      action: REJECT
      matches:
        - pattern: "fine"
        - pattern: "a(?=x)"
        - pattern: "also fine"
        - pattern: "(?<!y)b"
  response:
    regex:
      matches: [{pattern: "c(?!z)"}]`),
);

test("every pattern the filter's parser refuses is reported on its manifest field, once per policy", () => {
  const result = render([{ file: "in.yaml", text: MANIFESTS }], GOLDEN_OPTIONS, testFilter());
  assert.ok(!result.ok);
  const lines = result.errors.map(formatDiagnostic);
  assert.equal(lines.length, 3, lines.join("\n"));
  const fields = result.errors.map((e) => [e.object, e.field]);
  assert.deepEqual(fields, [
    ["AIPolicy default/guard", "spec.ai.promptGuard.request.regex.matches[1].pattern"],
    ["AIPolicy default/guard", "spec.ai.promptGuard.request.regex.matches[3].pattern"],
    ["AIPolicy default/guard", "spec.ai.promptGuard.response.regex.matches[0].pattern"],
  ]);
  assert.match(lines[0], /^in\.yaml:\d+: AIPolicy default\/guard: .*matches\[1\]\.pattern: .*look.*\(refused by the Weir filter\)$/);
  for (const line of lines) assert.doesNotMatch(line, /sk-never-print-me/);
});

test("a refusal of the backend's part points at the backend (an unknown provider injected into the IR)", () => {
  const ir = irOf(MANIFESTS.replace(/---\napiVersion: weir.dev\/v1alpha1\nkind: AIPolicy[\s\S]*$/, ""));
  for (const route of ir.listeners[0].virtualHosts[0].routes) {
    (route.action as ForwardToLLM).policy.provider = "openia" as never;
  }
  const errors = checkPluginConfig(ir, pluginConfig(ir), testFilter());
  assert.deepEqual(errors.map(formatDiagnostic), [
    'in.yaml:7: LLMBackend default/chat: spec.llm.provider: unknown provider "openia" (known: openai, azureopenai, anthropic, gemini, vertexai) (refused by the Weir filter)',
  ]);
});

test("a field the filter does not know is reported as not supported yet, and the rest still checked", () => {
  const ir = irOf(MANIFESTS);
  // A filter older than the contract: it knows no response guards, and refuses one pattern.
  const olderFilter = (json: string) => {
    const policy = Object.values(JSON.parse(json).routes)[0] as { promptGuard: { response?: unknown; request: { regex: { matches: { pattern: string }[] } } } };
    const name = Object.keys(JSON.parse(json).routes)[0];
    if (policy.promptGuard.response) return `routes[${JSON.stringify(name)}].promptGuard.response: unknown field (this filter knows: request)`;
    const bad = policy.promptGuard.request.regex.matches.findIndex((m) => m.pattern.includes("(?="));
    return bad < 0 ? undefined : `routes[${JSON.stringify(name)}].promptGuard.request.regex.matches[${bad}].pattern: no lookahead at byte 1`;
  };
  const errors = checkPluginConfig(ir, pluginConfig(ir), olderFilter).map((e) => `${e.field}: ${e.reason}`);
  assert.deepEqual(errors, [
    "spec.ai.promptGuard.response: is not supported yet: the Weir filter does not implement it (it takes request here)",
    "spec.ai.promptGuard.request.regex.matches[1].pattern: no lookahead at byte 1 (refused by the Weir filter)",
  ]);
});

test("a config the filter takes is checked in one call", () => {
  const ir = irOf(MANIFESTS.replace(/"a\(\?=x\)"|"\(\?<!y\)b"|"c\(\?!z\)"/g, '"ok"'));
  let calls = 0;
  const counting = (json: string) => {
    calls++;
    return testFilter()(json);
  };
  assert.deepEqual(checkPluginConfig(ir, pluginConfig(ir), counting), []);
  assert.equal(calls, 1);
});

test("a missing filter module says how to build it", () => {
  assert.throws(() => loadFilterValidator("/nonexistent/weir.wasm"), (e: Error) => {
    assert.ok(e instanceof FilterModuleError);
    assert.match(e.message, /\/nonexistent\/weir\.wasm does not exist.*npm run build:filter.*--wasm/);
    return true;
  });
});

test("with errors elsewhere (so no IR), the policies' refused patterns are reported in the same run", () => {
  const broken = MANIFESTS.replace("openai: {authToken: {kind: Inline, inline: sk-never-print-me}}", "openai: {authToken: {kind: SecretRef, secretRef: {name: missing}}}");
  const result = render([{ file: "in.yaml", text: broken }], GOLDEN_OPTIONS, testFilter());
  assert.ok(!result.ok);
  assert.deepEqual(result.errors.map((e) => [e.object, e.field]), [
    ["LLMBackend default/chat", "spec.llm.provider.openai.authToken.secretRef.name"],
    ["AIPolicy default/guard", "spec.ai.promptGuard.request.regex.matches[1].pattern"],
    ["AIPolicy default/guard", "spec.ai.promptGuard.request.regex.matches[3].pattern"],
    ["AIPolicy default/guard", "spec.ai.promptGuard.response.regex.matches[0].pattern"],
  ]);
});
