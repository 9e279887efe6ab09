// Webhook and moderation guards: the filter's http_calls, answered by the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exchange, type HttpCall } from "../host/index.ts";
import { loadWeir } from "./load.ts";

const key = { mode: "inline", key: "k" };
const webhook = { cluster: "weir-webhook", authority: "guard.local:8000", forwardHeaders: ["x-user"], timeoutMs: 2000 };
const moderation = { cluster: "weir-moderation", authority: "api.openai.com", key: "sk-moderation-secret" };
const config = {
  routes: {
    webhook: { provider: "openai", auth: key, promptGuard: { request: { webhook, regex: { builtins: ["SSN"] } } } },
    open: { provider: "openai", auth: key, promptGuard: { request: { webhook: { ...webhook, failureMode: "open" } } } },
    moderated: { provider: "anthropic", auth: key, promptGuard: { request: { moderation, customResponse: { message: "Flagged by moderation." } } } },
    all: { provider: "openai", auth: key, promptGuard: { request: { webhook, regex: { action: "MASK", builtins: ["EMAIL"] }, moderation } } },
    responseHook: { provider: "openai", auth: key, promptGuard: { response: { webhook, regex: { builtins: ["EMAIL"] } } } },
    responseHookOpen: { provider: "anthropic", auth: key, promptGuard: { response: { webhook: { ...webhook, failureMode: "open" } } } },
  },
};

type Reply = ReturnType<NonNullable<Parameters<typeof exchange>[1]["onHttpCall"]>>;
function send(host: Awaited<ReturnType<typeof loadWeir>>, route: string, body: unknown, answer: (call: HttpCall) => Reply) {
  return exchange(host, {
    routeName: route,
    request: { headers: { "content-type": "application/json", "x-user": "alice", authorization: "Bearer client" }, body: JSON.stringify(body) },
    response: { body: "{}" },
    onHttpCall: answer,
  });
}

const pass = () => ({ status: 200, body: JSON.stringify({ action: { reason: "ok" } }) });

test("webhook: POST /request with the messages and forwarded headers; pass forwards the body untouched", async () => {
  const host = await loadWeir(config);
  const body = { model: "m", messages: [{ role: "system", content: "be nice" }, { role: "user", content: "hello" }] };
  const r = send(host, "webhook", body, pass);
  assert.equal(r.httpCalls.length, 1);
  const call = r.httpCalls[0];
  assert.equal(call.cluster, "weir-webhook");
  assert.equal(call.headers.get(":method"), "POST");
  assert.equal(call.headers.get(":path"), "/request");
  assert.equal(call.headers.get(":authority"), "guard.local:8000");
  assert.equal(call.headers.get("x-user"), "alice");
  assert.equal(call.headers.get("authorization"), undefined, "no credential reaches the webhook");
  assert.equal(call.timeoutMs, 2000);
  assert.deepEqual(JSON.parse(call.bodyText), { body: { messages: body.messages } });
  assert.equal(r.upstream.bodyText, JSON.stringify(body));
});

test("webhook mask: its messages replace the prompt texts, then the regex still runs on them", async () => {
  const host = await loadWeir(config);
  const r = send(host, "webhook", { messages: [{ role: "user", content: "secret plan, ssn 123-45-6789" }] }, () => ({
    status: 200, body: JSON.stringify({ action: { body: { messages: [{ role: "user", content: "**** plan, ssn 123-45-6789" }] }, reason: "masked" } }),
  }));
  assert.equal(JSON.parse(r.upstream.bodyText).messages[0].content, "**** plan, ssn <US_SSN>");
  assert.equal(r.upstream.headers.get("content-length"), String(r.upstream.body.length));
});

test("webhook reject: its status and body reach the client in the provider's shape", async () => {
  const host = await loadWeir(config);
  const r = send(host, "webhook", { messages: [{ role: "user", content: "block me" }] }, () => ({
    status: 200, body: JSON.stringify({ action: { body: "request blocked", status_code: 451, reason: "policy" } }),
  }));
  assert.equal(r.upstream.forwarded, false);
  assert.equal(r.downstream.status, 451);
  assert.equal(JSON.parse(r.downstream.bodyText).error.message, "request blocked");
});

test("webhook failure: closed by default (503), open when the policy says so", async () => {
  const host = await loadWeir(config);
  for (const answer of ["fail", "timeout", () => ({ status: 500, body: "oops" }), () => ({ status: 200, body: "not json" })] as const) {
    const handler = typeof answer === "function" ? answer : () => answer;
    const closed = send(host, "webhook", { messages: [{ role: "user", content: "hi" }] }, handler as (c: HttpCall) => Reply);
    assert.equal(closed.downstream.status, 503, String(answer));
    assert.equal(closed.upstream.forwarded, false);
    const open = send(host, "open", { messages: [{ role: "user", content: "hi" }] }, handler as (c: HttpCall) => Reply);
    assert.equal(open.upstream.forwarded, true, String(answer));
  }
});

test("moderation: POST /v1/moderations with the key and every text; flagged → the custom response", async () => {
  const host = await loadWeir(config);
  const flagged = send(host, "moderated", { system: "sys", messages: [{ role: "user", content: "i will kill it" }] }, (call) => {
    assert.equal(call.headers.get(":path"), "/v1/moderations");
    assert.equal(call.headers.get("authorization"), "Bearer sk-moderation-secret");
    assert.deepEqual(JSON.parse(call.bodyText), { model: "omni-moderation-latest", input: ["sys", "i will kill it"] });
    return { status: 200, body: JSON.stringify({ results: [{ flagged: false }, { flagged: true }] }) };
  });
  assert.equal(flagged.downstream.status, 403);
  assert.deepEqual(JSON.parse(flagged.downstream.bodyText), { type: "error", error: { type: "content_rejected", message: "Flagged by moderation." } });
  const clean = send(host, "moderated", { messages: [{ role: "user", content: "hi" }] }, () => ({ status: 200, body: JSON.stringify({ results: [{ flagged: false }] }) }));
  assert.equal(clean.upstream.forwarded, true);
  assert.ok(!host.logs.map((l) => l.message).join("\n").includes("sk-moderation-secret"));
});

test("order is webhook → regex → moderation; moderation sees the masked text", async () => {
  const host = await loadWeir(config);
  const paths: string[] = [];
  const r = send(host, "all", { messages: [{ role: "user", content: "mail bob@example.com" }] }, (call) => {
    paths.push(call.headers.get(":path")!);
    if (call.headers.get(":path") === "/request") return pass();
    assert.deepEqual(JSON.parse(call.bodyText).input, ["mail <EMAIL_ADDRESS>"]);
    return { status: 200, body: JSON.stringify({ results: [{ flagged: false }] }) };
  });
  assert.deepEqual(paths, ["/request", "/v1/moderations"]);
  assert.equal(JSON.parse(r.upstream.bodyText).messages[0].content, "mail <EMAIL_ADDRESS>");
});

test("response webhook: POST /response with the choices; its mask, then the regex, reach the client", async () => {
  const host = await loadWeir(config);
  const reply = JSON.stringify({ id: "c", choices: [{ index: 0, message: { role: "assistant", content: "the secret is in mail x@y.io" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
  const r = exchange(host, {
    routeName: "responseHook", request: { body: JSON.stringify({ messages: [] }) },
    response: { headers: { "content-type": "application/json", "content-length": String(reply.length) }, body: reply, chunks: [10, 10] },
    onHttpCall: (call) => {
      assert.equal(call.headers.get(":path"), "/response");
      assert.deepEqual(JSON.parse(call.bodyText), { body: { choices: [{ message: { role: "assistant", content: "the secret is in mail x@y.io" } }] } });
      return { status: 200, body: JSON.stringify({ action: { body: { choices: [{ message: { role: "assistant", content: "the **** is in mail x@y.io" } }] }, reason: "masked" } }) };
    },
  });
  const expected = reply.replace("the secret is in mail x@y.io", "the **** is in mail <EMAIL_ADDRESS>");
  assert.equal(r.downstream.bodyText, expected);
  assert.equal(r.downstream.headers.get("content-length"), String(Buffer.byteLength(expected)));
});

test("response webhook failure: 502 when closed, the response as masked by nothing else when open", async () => {
  const host = await loadWeir(config);
  const reply = JSON.stringify({ choices: [{ message: { role: "assistant", content: "zebra-7" } }] });
  const closed = exchange(host, { routeName: "responseHook", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: reply }, onHttpCall: () => "fail" });
  assert.equal(closed.downstream.status, 502);
  assert.ok(!closed.downstream.bodyText.includes("zebra-7"), "nothing unchecked leaks");
  const claude = JSON.stringify({ content: [{ type: "text", text: "hello" }] });
  const open = exchange(host, { routeName: "responseHookOpen", request: { body: "{}" }, response: { headers: { "content-type": "application/json" }, body: claude }, onHttpCall: () => "timeout" });
  assert.equal(open.downstream.status, 200);
  assert.equal(open.downstream.bodyText, claude);
});

test("request guard outcomes are counted by route, provider, model and outcome", async () => {
  const host = await loadWeir(config);
  send(host, "webhook", { model: "gpt-x", messages: [{ role: "user", content: "block" }] }, () => ({ status: 200, body: JSON.stringify({ action: { body: "no", status_code: 403 } }) }));
  send(host, "webhook", { model: "gpt-x", messages: [{ role: "user", content: "ssn 123-45-6789" }] }, pass);
  send(host, "moderated", { messages: [{ role: "user", content: "x" }] }, () => ({ status: 200, body: JSON.stringify({ results: [{ flagged: true }] }) }));
  send(host, "open", { messages: [{ role: "user", content: "x" }] }, () => "fail");
  const m = host.metrics;
  assert.equal(m.get("weir.request.guard;route=webhook;provider=openai;model=gpt-x;outcome=webhook_rejected"), 1);
  assert.equal(m.get("weir.request.guard;route=webhook;provider=openai;model=gpt-x;outcome=masked"), 1);
  assert.equal(m.get("weir.request.guard;route=moderated;provider=anthropic;model=unknown;outcome=flagged"), 1);
  assert.equal(m.get("weir.request.guard;route=open;provider=openai;model=unknown;outcome=webhook_error"), 1);
});
