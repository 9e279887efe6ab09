// What the controller's end-to-end tests (and the filter-check tests) share:
// manifest documents written the short way, the IR of a manifest, and a chat
// request through a served gateway.
import assert from "node:assert/strict";
import { buildIR, type IROptions } from "../ir/build-ir.ts";
import type { IR } from "../ir/types.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import { validate } from "../validate/validate.ts";

/** YAML documents, one after another. */
export const documents = (...docs: string[]) => docs.join("\n---\n");

/** `block`'s lines, each indented by `spaces`. */
const indent = (block: string, spaces: number) =>
  block
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");

/** Gateway `gw` with one HTTP listener. */
export function gateway(port: number | string = 10000): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  listeners: [{name: http, protocol: HTTP, port: ${port}}]`;
}

/** An LLMBackend: `provider` is the one line under spec.llm.provider; `llm` more lines of spec.llm. */
export function llmBackend(name: string, provider: string, ...llm: string[]): string {
  return `apiVersion: weir.dev/v1alpha1
kind: LLMBackend
metadata: {name: ${name}}
spec:
  llm:
    provider:
      ${provider}${llm.map((line) => `\n    ${line}`).join("")}`;
}

/** A backendRef to an LLMBackend, flow style. */
export const llmRef = (name: string, weight?: number) =>
  `{group: weir.dev, kind: LLMBackend, name: ${name}${weight === undefined ? "" : `, weight: ${weight}`}}`;

/** An HTTPRoute under Gateway `parent` (default gw) with `rules` (flow style; default one rule to LLMBackend `backend`, default `name`). */
export function httpRoute(name: string, { backend = name, rules = [`{backendRefs: [${llmRef(backend)}]}`], parent = "gw" } = {}): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}}
spec:
  parentRefs: [{name: ${parent}}]
  rules:
${rules.map((rule) => `    - ${rule}`).join("\n")}`;
}

/** An AIPolicy on HTTPRoute `route`; `ai` is spec.ai as block YAML starting at column 0. */
export function aiPolicy(name: string, route: string, ai: string): string {
  return `apiVersion: weir.dev/v1alpha1
kind: AIPolicy
metadata: {name: ${name}}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${route}}]
  ai:
${indent(ai, 4)}`;
}

/** The IR of valid manifests (the test fails on any error). */
export function irOf(text: string, file = "in.yaml", options?: IROptions): IR {
  const result = validate(parseManifests([{ file, text }]).objects);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return buildIR(result.resources, options);
}

/** POSTs `body` as JSON to `url`. */
export function postJson(url: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** POSTs an OpenAI chat completion with one user message to `url`. */
export function postChat(url: string, content: string, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(url, { model: "m", messages: [{ role: "user", content }] }, headers);
}
