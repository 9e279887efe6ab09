import assert from "node:assert/strict";
import { test } from "node:test";
import { splitUrl } from "../ir/upstream-rewrite.ts";
import { upstreamQuery } from "./upstream-url.ts";

test("a path without query is rewritten whole", () => {
  assert.deepEqual(splitUrl("/v1/messages"), { path: "/v1/messages", query: [] });
});

test("query parameters are decoded, then format-escaped as mutations; a client's key is always removed", () => {
  const url = splitUrl("/openai/deployments/d/chat/completions?api-version=2024-10-21&x=a%2Fb%25&flag");
  assert.deepEqual(url, {
    path: "/openai/deployments/d/chat/completions",
    query: [
      { key: "api-version", value: "2024-10-21" },
      { key: "x", value: "a/b%" },
      { key: "flag", value: "" },
    ],
  });
  const mutations = (upstreamQuery(url.query) as Record<string, { mutations: { query_parameter_mutations: unknown[] } }>)[
    "envoy.filters.http.header_mutation"
  ].mutations.query_parameter_mutations;
  assert.deepEqual(mutations, [
    { remove: "key" },
    { append: { record: { key: "api-version", value: "2024-10-21" }, action: "OVERWRITE_IF_EXISTS_OR_ADD" } },
    { append: { record: { key: "x", value: "a/b%%" }, action: "OVERWRITE_IF_EXISTS_OR_ADD" } },
    { append: { record: { key: "flag", value: "" }, action: "OVERWRITE_IF_EXISTS_OR_ADD" } },
  ]);
});
