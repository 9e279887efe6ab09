// Each validation error names the file, the object and the field, and never
// the value of a key. The invalid-* golden cases show all errors together.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "./validate.ts";

const KEY = "sk-never-print-me";

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  listeners: [{name: http, protocol: HTTP, port: 10000}]`;

const route = (backend = "b", extra = "") => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  rules:
    - backendRefs: [{group: weir.dev, kind: LLMBackend, name: ${backend}}]${extra}`;

const backend = (provider: string, llmExtra = "") => `apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: b}
spec:
  llm:
    provider:
${provider.replace(/^/gm, "      ")}${llmExtra}`;

const inlineOpenAI = `openai: {authToken: {kind: Inline, inline: ${KEY}}}`;

function errorsOf(...docs: string[]): Diagnostic[] {
  const loaded = parseManifests([{ file: "in.yaml", text: docs.join("\n---\n") }]);
  assert.deepEqual(loaded.errors, []);
  const result = validate(loaded.objects);
  const errors = result.ok ? [] : result.errors;
  for (const e of errors) assert.ok(!formatDiagnostic(e).includes(KEY), `a key leaked into: ${formatDiagnostic(e)}`);
  return errors;
}

/** Asserts exactly one error, on `object` at `field`, with a reason matching `reason`. */
function expectError(errors: Diagnostic[], object: string, field: string, reason: RegExp): void {
  assert.equal(errors.length, 1, errors.map(formatDiagnostic).join("\n"));
  const [e] = errors;
  assert.equal(e.source.file, "in.yaml");
  assert.ok(e.source.line > 0);
  assert.equal(e.object, object);
  assert.equal(e.field, field);
  assert.match(e.reason, reason);
}

test("a valid set has no errors, and defaults the namespace", () => {
  const loaded = parseManifests([{ file: "in.yaml", text: [GATEWAY, route(), backend(inlineOpenAI)].join("\n---\n") }]);
  const result = validate(loaded.objects);
  assert.ok(result.ok);
  assert.equal(result.resources.backends[0].meta.namespace, "default");
});

test("unknown provider", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`openia: {authToken: {kind: Inline, inline: ${KEY}}}`)),
    "LLMBackend default/b", "spec.llm.provider.openia", /not a known provider/);
});

test("two providers", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`${inlineOpenAI}\nanthropic: {authToken: {kind: Inline, inline: ${KEY}}}`)),
    "LLMBackend default/b", "spec.llm.provider", /exactly one provider, found openai, anthropic/);
});

test("no provider", () => {
  expectError(errorsOf(GATEWAY, route(), backend("{}")), "LLMBackend default/b", "spec.llm.provider", /exactly one provider/);
});

test("missing required provider field", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`gemini: {authToken: {kind: Inline, inline: ${KEY}}}`)),
    "LLMBackend default/b", "spec.llm.provider.gemini.model", /is required/);
});

test("missing authToken", () => {
  expectError(errorsOf(GATEWAY, route(), backend("openai: {model: m}")),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken", /is required/);
});

test("missing secret", () => {
  expectError(errorsOf(GATEWAY, route(), backend("openai: {authToken: {kind: SecretRef, secretRef: {name: s}}}")),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.secretRef.name", /Secret s is not found/);
});

test("secret in another namespace is not found", () => {
  const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: other}\nstringData: {Authorization: ${KEY}}`;
  expectError(errorsOf(GATEWAY, route(), backend("openai: {authToken: {kind: SecretRef, secretRef: {name: s}}}"), secret),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.secretRef.name", /not found/);
});

test("secret without Authorization", () => {
  const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: ${KEY}}`;
  expectError(errorsOf(GATEWAY, route(), backend("openai: {authToken: {kind: SecretRef, secretRef: {name: s}}}"), secret),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.secretRef.name", /no key "Authorization"/);
});

test("secret whose Authorization is only a Bearer prefix", () => {
  const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {Authorization: "Bearer "}`;
  expectError(errorsOf(GATEWAY, route(), backend("openai: {authToken: {kind: SecretRef, secretRef: {name: s}}}"), secret),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.secretRef.name", /is empty/);
});

test("secret data that is not base64", () => {
  const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {Authorization: "${KEY}!"}`;
  expectError(errorsOf(GATEWAY, route(), backend("openai: {authToken: {kind: SecretRef, secretRef: {name: s}}}"), secret),
    "Secret default/s", "data.Authorization", /not valid base64/);
});

test("Passthrough with an inline value", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`openai: {authToken: {kind: Passthrough, inline: ${KEY}}}`)),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.inline", /must not be set when kind is Passthrough/);
});

test("Inline key with a line break (header injection)", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`openai: {authToken: {kind: Inline, inline: "${KEY}\\r\\nx: 1"}}`)),
    "LLMBackend default/b", "spec.llm.provider.openai.authToken.inline", /control characters/);
});

test("misspelled provider field", () => {
  expectError(errorsOf(GATEWAY, route(), backend(`openai: {modle: m, authToken: {kind: Inline, inline: ${KEY}}}`)),
    "LLMBackend default/b", "spec.llm.provider.openai.modle", /not supported/);
});

test("hostOverride with a scheme", () => {
  expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI, "\n    hostOverride: {host: 'http://mock', port: 8080}")),
    "LLMBackend default/b", "spec.llm.hostOverride.host", /bare host name/);
});

test("backendRef to a missing backend", () => {
  expectError(errorsOf(GATEWAY, route("nope"), backend(inlineOpenAI)),
    "HTTPRoute default/r", "spec.rules[0].backendRefs[0].name", /LLMBackend nope is not found/);
});

test("backendRef to a Service needs a port", () => {
  const service = route("b").replace("{group: weir.dev, kind: LLMBackend, name: b}", "{name: svc}");
  expectError(errorsOf(GATEWAY, service, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].backendRefs[0].port", /is required/);
});

test("backendRef to an unknown kind", () => {
  const other = route("b").replace("{group: weir.dev, kind: LLMBackend, name: b}", "{group: example.com, kind: Thing, name: t}");
  expectError(errorsOf(GATEWAY, other, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].backendRefs[0]",
    /must reference one of: weir.dev LLMBackend, gateway.kgateway.dev Backend, gateway.kgateway.dev Upstream, Service \(core\)/);
});

test("route parent missing", () => {
  expectError(errorsOf(route(), backend(inlineOpenAI)), "HTTPRoute default/r", "spec.parentRefs[0].name", /Gateway gw is not found/);
});

test("route hostnames that no listener accepts", () => {
  const gw = GATEWAY.replace("port: 10000}", "port: 10000, hostname: a.example.com}");
  const r = route().replace("spec:\n", "spec:\n  hostnames: [b.example.com]\n");
  expectError(errorsOf(gw, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.parentRefs[0]", /no listener of Gateway gw accepts/);
});

test("filters Weir does not render are refused, not ignored", () => {
  const r = route("b", "\n      filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}}}]");
  expectError(errorsOf(GATEWAY, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].filters[0].type", /RequestMirror is not supported/);
});

test("a header modifier may not touch the key an LLM route presents", () => {
  const r = route("b", "\n      filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: Authorization, value: x}]}}]");
  expectError(errorsOf(GATEWAY, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].filters",
    /must not change authorization: it carries the key Weir presents to LLMBackend b/);
});

test("a URLRewrite hostname on an LLM route is refused (the Host is the provider's)", () => {
  const r = route("b", "\n      filters: [{type: URLRewrite, urlRewrite: {hostname: other.example.com}}]");
  expectError(errorsOf(GATEWAY, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].filters", /hostOverride/);
});

test("ReplacePrefixMatch needs PathPrefix matches", () => {
  const r = route("b", `
      matches: [{path: {type: Exact, value: /v1/chat}}]
      filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /x}}}]`);
  expectError(errorsOf(GATEWAY, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].filters", /needs every match of the rule to be a PathPrefix/);
});

test("a regex match RE2 cannot run is refused", () => {
  const r = route("b", "\n      matches: [{path: {type: RegularExpression, value: '/v1/(?!admin).*'}}]");
  expectError(errorsOf(GATEWAY, r, backend(inlineOpenAI)), "HTTPRoute default/r", "spec.rules[0].matches[0].path.value", /lookaround/);
});

test("a route may attach to a Gateway in another namespace only where the listener allows it", () => {
  const r = route().replace("parentRefs: [{name: gw}]", "parentRefs: [{name: gw, namespace: default}]").replace("metadata: {name: r}", "metadata: {name: r, namespace: team}");
  const b = backend(inlineOpenAI).replace("metadata: {name: b}", "metadata: {name: b, namespace: team}");
  expectError(errorsOf(GATEWAY, r, b), "HTTPRoute team/r", "spec.parentRefs[0]", /no listener of Gateway default\/gw allows routes from namespace team/);
  const open = GATEWAY.replace("port: 10000}", "port: 10000, allowedRoutes: {namespaces: {from: All}}}");
  assert.deepEqual(errorsOf(open, r, b), []);
});

test("duplicate listener port across Gateways", () => {
  const other = GATEWAY.replace("name: gw}", "name: other}");
  expectError(errorsOf(GATEWAY, other, route(), backend(inlineOpenAI)),
    "Gateway default/other", "spec.listeners[0].port", /port 10000 is already used by Gateway default\/gw listener http/);
});

test("non-HTTP listener", () => {
  expectError(errorsOf(GATEWAY.replace("protocol: HTTP", "protocol: HTTPS"), route(), backend(inlineOpenAI)),
    "Gateway default/gw", "spec.listeners[0].protocol", /must be HTTP/);
});

test("the same object twice", () => {
  expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI), backend(inlineOpenAI)),
    "LLMBackend default/b", undefined as unknown as string, /defined twice \(first at in.yaml:\d+\)/);
});

test("unrelated kinds are ignored with a warning", () => {
  const loaded = parseManifests([{ file: "in.yaml", text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}` }]);
  const result = validate(loaded.objects);
  assert.ok(result.ok);
  assert.match(formatDiagnostic(result.warnings[0]), /^in.yaml:1: ignored apps\/v1 Deployment/);
});

const streamPolicy = (kind: string, response: string) => `apiVersion: ${kind === "AIPolicy" ? "weir.dev" : "gateway.kgateway.dev"}/v1alpha1
kind: ${kind}
metadata: {name: p}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}]
  ai:
    promptGuard:
      response: ${response}`;

test("stream options: an AIPolicy takes them with a regex, in range", () => {
  assert.deepEqual(errorsOf(GATEWAY, route(), backend(inlineOpenAI),
    streamPolicy("AIPolicy", "{regex: {builtins: [EMAIL]}, streamHoldBackBytes: 64, streamOverflow: error}")), []);
  expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI), streamPolicy("AIPolicy", "{regex: {builtins: [EMAIL]}, streamHoldBackBytes: 2097152}")),
    "AIPolicy default/p", "spec.ai.promptGuard.response.streamHoldBackBytes", /between 64 and 1048576/);
  expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI), streamPolicy("AIPolicy", "{regex: {builtins: [EMAIL]}, streamOverflow: drop}")),
    "AIPolicy default/p", "spec.ai.promptGuard.response.streamOverflow", /one of mask, error/);
  expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI), streamPolicy("AIPolicy", "{webhook: {endpoint: {host: guard, port: 80}}, streamOverflow: error}")),
    "AIPolicy default/p", "spec.ai.promptGuard.response.streamOverflow", /applies to the regex.*set regex too/);
});

test("stream options are Weir's: kgateway's TrafficPolicy and RoutePolicy refuse them, naming the field", () => {
  for (const kind of ["TrafficPolicy", "RoutePolicy"]) {
    expectError(errorsOf(GATEWAY, route(), backend(inlineOpenAI), streamPolicy(kind, "{regex: {builtins: [EMAIL]}, streamHoldBackBytes: 8192}")),
      `${kind} default/p`, "spec.ai.promptGuard.response.streamHoldBackBytes", new RegExp(`Weir extension, not a field of kgateway's ${kind}: set it in a weir.dev AIPolicy`));
    const other = errorsOf(GATEWAY, route(), backend(inlineOpenAI), streamPolicy(kind, "{regex: {builtins: [EMAIL]}, bogus: 1}"));
    expectError(other, `${kind} default/p`, "spec.ai.promptGuard.response.bogus", /supported here: regex, webhook\)$/);
  }
});
