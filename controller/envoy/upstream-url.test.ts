import assert from "node:assert/strict";
import { test } from "node:test";
import { splitUpstreamUrl } from "./upstream-url.ts";

test("a path without query is rewritten whole", () => {
  assert.deepEqual(splitUpstreamUrl("/v1/messages"), { path: "/v1/messages", query: [] });
});

test("query parameters become decoded, format-escaped mutations", () => {
  assert.deepEqual(splitUpstreamUrl("/openai/deployments/d/chat/completions?api-version=2024-10-21&x=a%2Fb%25&flag"), {
    path: "/openai/deployments/d/chat/completions",
    query: [
      { key: "api-version", value: "2024-10-21" },
      { key: "x", value: "a/b%%" },
      { key: "flag", value: "" },
    ],
  });
});
