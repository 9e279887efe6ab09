import assert from "node:assert/strict";
import { test } from "node:test";
import { compareHostnameSpecificity, intersectHostnames, servesHostname } from "./hostnames.ts";

test("intersectHostnames follows the Gateway API", () => {
  assert.deepEqual(intersectHostnames(undefined, []), ["*"]);
  assert.deepEqual(intersectHostnames("a.example.com", []), ["a.example.com"]);
  assert.deepEqual(intersectHostnames(undefined, ["b.x", "a.x", "a.x"]), ["a.x", "b.x"]);
  assert.deepEqual(intersectHostnames("*.example.com", ["foo.example.com", "a.b.example.com", "example.com", "foo.other.com"]), [
    "a.b.example.com",
    "foo.example.com",
  ]);
  assert.deepEqual(intersectHostnames("foo.example.com", ["*.example.com"]), ["foo.example.com"]);
  assert.deepEqual(intersectHostnames("*.example.com", ["*.a.example.com"]), ["*.a.example.com"]);
  assert.deepEqual(intersectHostnames("*.a.example.com", ["*.example.com"]), ["*.a.example.com"]);
  assert.deepEqual(intersectHostnames("api.example.com", ["api.example.org"]), []);
});

test("servesHostname and specificity order", () => {
  assert.ok(servesHostname("*", "a.example.com"));
  assert.ok(servesHostname("*.example.com", "a.example.com"));
  assert.ok(servesHostname("*.example.com", "*.a.example.com"));
  assert.ok(!servesHostname("*.example.com", "example.com"));
  assert.ok(!servesHostname("a.example.com", "b.example.com"));
  assert.deepEqual(["*", "*.example.com", "a.example.com", "*.a.example.com"].sort(compareHostnameSpecificity), [
    "a.example.com",
    "*.a.example.com",
    "*.example.com",
    "*",
  ]);
});
