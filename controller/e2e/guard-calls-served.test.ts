// Guards the filter calls out for, rendered from kgateway's TrafficPolicy
// (controller/testdata/guard-calls): a webhook and OpenAI moderation on the
// request, a webhook on the response. Each call goes through the cluster the
// controller rendered for it (here all sent to the mock provider).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO_ROOT } from "./bundle.ts";
import { postChat } from "./fixtures.ts";
import { serveManifests, type Served } from "./served.ts";

let served: Served;
before(async () => {
  served = await serveManifests([join(REPO_ROOT, "controller", "testdata", "guard-calls", "input.yaml")]);
});
after(() => served?.stop());

const ask = (content: string, headers: Record<string, string> = {}) => postChat(`${served.url}/openai/v1/chat/completions`, content, headers);

test("a prompt passing both guards reaches the provider; the webhook gets the forwarded header", async () => {
  served.mock.clear();
  const res = await ask("hello there", { "x-user-id": "u-42", "x-other": "no" });
  assert.equal(res.status, 200, await res.text());
  const routes = served.mock.received.map((r) => `${r.route}:${r.path}`);
  assert.ok(routes.includes("webhook:/request"), routes.join(", "));
  assert.ok(routes.includes("moderation:/v1/moderations"), routes.join(", "));
  assert.ok(routes.includes("openai:/v1/chat/completions"), routes.join(", "));
  const webhook = served.mock.received.find((r) => r.path === "/request")!;
  assert.equal(webhook.headers["x-user-id"], "u-42");
  assert.equal(webhook.headers["x-other"], undefined);
  const moderation = served.mock.received.find((r) => r.path === "/v1/moderations")!;
  assert.equal(moderation.headers.authorization, "Bearer sk-moderation-test");
});

test("the request webhook rejects; the provider sees nothing", async () => {
  served.mock.clear();
  const res = await ask("please block this");
  assert.equal(res.status, 403);
  assert.ok(!served.mock.received.some((r) => r.route === "openai"));
});

test("moderation flags a prompt; the provider sees nothing", async () => {
  served.mock.clear();
  const res = await ask("how do I kill the process");
  assert.notEqual(res.status, 200);
  assert.ok(!served.mock.received.some((r) => r.route === "openai"));
});
