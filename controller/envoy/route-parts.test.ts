// The pieces of an Envoy route that carry Gateway API semantics: path
// rewrites (whole segments, trailing "/" ignored) and matches.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderPathRewrite } from "./path-rewrite.ts";
import { renderMatch } from "./route-match.ts";

/** Applies a regex_rewrite as Envoy does (RE2 full match of the path; \\1 is group 1, "" when unmatched). */
function rewrite(prefix: string, value: string, path: string): string {
  const r = renderPathRewrite({ type: "ReplacePrefixMatch", prefix, value }) as { pattern: { regex: string }; substitution: string } | undefined;
  if (!r) return path;
  const m = new RegExp(r.pattern.regex).exec(path);
  assert.ok(m, `${r.pattern.regex} matches ${path}`);
  return r.substitution.replace(/\\(\d)/g, (_, i) => m[Number(i)] ?? "");
}

test("ReplacePrefixMatch replaces whole segments, as the Gateway API defines it", () => {
  assert.equal(rewrite("/foo", "/xyz", "/foo"), "/xyz");
  assert.equal(rewrite("/foo", "/xyz", "/foo/bar"), "/xyz/bar");
  assert.equal(rewrite("/foo/", "/xyz/", "/foo/bar"), "/xyz/bar");
  assert.equal(rewrite("/foo", "/", "/foo"), "/");
  assert.equal(rewrite("/foo", "/", "/foo/bar"), "/bar");
  assert.equal(rewrite("/", "/xyz", "/bar"), "/xyz/bar");
  assert.equal(rewrite("/", "/", "/bar"), "/bar");
  assert.equal(rewrite("/a.b", "/c", "/a.b/x"), "/c/x", "the prefix is matched literally");
});

test("ReplaceFullPath replaces the path (the query is Envoy's to keep)", () => {
  assert.deepEqual(renderPathRewrite({ type: "ReplaceFullPath", value: "/v1/chat/completions" }), {
    pattern: { regex: "^.*$" },
    substitution: "/v1/chat/completions",
  });
});

test("matches: method as :method, header names as given (already lower case), regexes as RE2, splits as runtime fractions", () => {
  const match = {
    path: { type: "RegularExpression" as const, value: "/v[0-9]+/.*" },
    method: "POST",
    headers: [{ type: "Exact" as const, name: "x-team", value: "a" }],
    queryParams: [{ type: "RegularExpression" as const, name: "Tier", value: "gold|silver" }],
  };
  assert.deepEqual(renderMatch({ name: "r", match, split: { upTo: 250000 }, action: { type: "NoBackend" } }), {
    safe_regex: { regex: "/v[0-9]+/.*" },
    headers: [
      { name: ":method", string_match: { exact: "POST" } },
      { name: "x-team", string_match: { exact: "a" } },
    ],
    query_parameters: [{ name: "Tier", string_match: { safe_regex: { regex: "gold|silver" } } }],
    runtime_fraction: { default_value: { numerator: 250000, denominator: "MILLION" }, runtime_key: "weir.split.r" },
  });
});
