// The mock provider against real clients: the official openai SDK for OpenAI and Azure, raw fetch
// with hand-written SSE parsing for Anthropic and Gemini, and the standalone CLI as a child process.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI, { AzureOpenAI } from "openai";
import { MULTIBYTE_TEXT, startMockProvider, type MockProvider } from "./server.ts";
import { planWrites } from "./chunking.ts";

const KEY = "sk-mock-test-key-0123456789";

/** Splits an SSE body into events of {event?, data} (any of LF, CRLF line ends). */
function parseSse(raw: string): { event?: string; data: string }[] {
  return raw
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const out: { event?: string; data: string } = { data: "" };
      for (const line of block.split(/\r?\n/)) {
        const [, field, value] = /^([a-z]+): ?(.*)$/.exec(line) ?? [];
        if (field === "event") out.event = value;
        if (field === "data") out.data += value;
      }
      return out;
    });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Reads a streamed body, counting the reads the client actually saw. */
async function readInPieces(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const reads: Uint8Array[] = [];
  for await (const chunk of res.body!) reads.push(chunk);
  return { reads, text: Buffer.concat(reads).toString("utf8") };
}

describe("mock provider", () => {
  let mock: MockProvider;
  before(async () => {
    mock = await startMockProvider();
  });
  after(() => mock.close());
  beforeEach(() => mock.clear());

  const openai = () => new OpenAI({ apiKey: KEY, baseURL: mock.url + "/v1", maxRetries: 0 });

  describe("OpenAI through the official SDK", () => {
    test("non-streaming completion echoes the prompt with word-count usage", async () => {
      const completion = await openai().chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hello mock world" },
        ],
      });
      assert.equal(completion.object, "chat.completion");
      assert.equal(completion.model, "gpt-4o-mini");
      assert.equal(completion.choices[0].message.content, "echo: hello mock world");
      assert.equal(completion.choices[0].finish_reason, "stop");
      assert.deepEqual(completion.usage, { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    });

    test("streaming completion: role delta, several content deltas, usage chunk, [DONE]", async () => {
      const stream = await openai().chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "stream these four words" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      assert.equal(chunks[0].choices[0].delta.role, "assistant");
      const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
      assert.equal(text, "echo: stream these four words");
      assert.ok(chunks.filter((c) => c.choices[0]?.delta.content).length >= 3, "text arrives in several deltas");
      assert.equal(chunks.at(-2)!.choices[0].finish_reason, "stop");
      assert.deepEqual(chunks.at(-1)!.choices, []);
      assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
    });

    test("a stream split into odd byte sizes (mid-UTF-8, mid-JSON) still parses in the SDK", async () => {
      mock.reply({ text: MULTIBYTE_TEXT, chunking: { kind: "bytes", sizes: [1, 2, 3, 5, 7] } });
      const stream = await openai().chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      let usage;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? "";
        usage = chunk.usage ?? usage;
      }
      assert.equal(text, MULTIBYTE_TEXT);
      assert.equal(usage?.completion_tokens, 6);
    });

    test("several events per write still parse in the SDK", async () => {
      mock.reply({ text: "one two three four five", chunking: { kind: "coalesce", per: 4 } });
      const stream = await openai().chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }], stream: true });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      assert.equal(text, "one two three four five");
    });

    test("tool calls: whole when not streaming, argument fragments when streaming", async () => {
      const toolCalls = [{ id: "call_1", name: "get_weather", arguments: { city: "Zürich", unit: "C" } }];
      mock.reply({ toolCalls }, { toolCalls });
      const request = { model: "m", messages: [{ role: "user" as const, content: "weather?" }] };

      const whole = await openai().chat.completions.create(request);
      assert.equal(whole.choices[0].finish_reason, "tool_calls");
      assert.equal(whole.choices[0].message.content, null);
      const call = whole.choices[0].message.tool_calls![0];
      assert.ok(call.type === "function");
      assert.deepEqual([call.id, call.function.name, JSON.parse(call.function.arguments)], ["call_1", "get_weather", toolCalls[0].arguments]);

      const stream = await openai().chat.completions.create({ ...request, stream: true });
      let args = "";
      let fragments = 0;
      let finish;
      for await (const chunk of stream) {
        for (const tc of chunk.choices[0]?.delta.tool_calls ?? []) {
          if (tc.function?.arguments) fragments++;
          args += tc.function?.arguments ?? "";
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      assert.ok(fragments > 1, "arguments arrive in fragments");
      assert.deepEqual(JSON.parse(args), toolCalls[0].arguments);
      assert.equal(finish, "tool_calls");
    });

    test("a scripted error reaches the SDK as that provider error", async () => {
      mock.reply({ status: 429 });
      await assert.rejects(
        openai().chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }),
        (err: any) => err instanceof OpenAI.RateLimitError && err.code === "rate_limit_exceeded",
      );
    });

    test("a connection reset mid-stream surfaces as an error", async () => {
      mock.reply({ abortAfterWrites: 2 });
      const stream = await openai().chat.completions.create({ model: "m", messages: [{ role: "user", content: "a b c d" }], stream: true });
      await assert.rejects(async () => {
        for await (const _ of stream);
      });
    });
  });

  test("Azure OpenAI through the SDK's AzureOpenAI client: deployment path, api-version, api-key", async () => {
    const azure = new AzureOpenAI({ endpoint: mock.url, apiKey: KEY, apiVersion: "2024-10-21", deployment: "my-gpt", maxRetries: 0 });
    const completion = await azure.chat.completions.create({ model: "", messages: [{ role: "user", content: "hi azure" }] });
    assert.equal(completion.choices[0].message.content, "echo: hi azure");
    const [request] = mock.received;
    assert.equal(request.route, "azure");
    assert.equal(request.path, "/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21");
    assert.equal(request.headers["api-key"], KEY);

    // Without a model in the body, the deployment names it; without api-version, Azure refuses.
    const raw = await post(`${mock.url}/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21`, { messages: [{ role: "user", content: "x" }] });
    assert.equal(JSON.parse(raw.text).model, "my-gpt");
    assert.equal((await post(`${mock.url}/openai/deployments/my-gpt/chat/completions`, { messages: [] })).status, 400);
  });

  describe("Anthropic", () => {
    const headers = { "x-api-key": KEY, "anthropic-version": "2023-06-01" };
    const url = () => mock.url + "/v1/messages";
    const request = { model: "claude-sonnet-4-5", max_tokens: 100, system: "be kind", messages: [{ role: "user", content: "hi there claude" }] };

    test("non-streaming message", async () => {
      const res = await post(url(), request, headers);
      assert.equal(res.status, 200);
      const message = JSON.parse(res.text);
      assert.deepEqual(
        [message.type, message.role, message.model, message.stop_reason],
        ["message", "assistant", "claude-sonnet-4-5", "end_turn"],
      );
      assert.deepEqual(message.content, [{ type: "text", text: "echo: hi there claude" }]);
      assert.deepEqual(message.usage, { input_tokens: 5, output_tokens: 4 });
      assert.equal(mock.received[0].headers["anthropic-version"], "2023-06-01");
    });

    test("stream is a well-formed event sequence whose deltas rebuild the text", async () => {
      mock.reply({ text: MULTIBYTE_TEXT, chunking: { kind: "bytes", sizes: [4, 9], delayMs: 1 } });
      const res = await post(url(), { ...request, stream: true }, headers);
      assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
      const events = parseSse(res.text);
      for (const e of events) assert.equal(JSON.parse(e.data).type, e.event, "event name matches data.type");
      const names = events.map((e) => e.event).join(" ");
      assert.match(names, /^message_start content_block_start ping (content_block_delta )+content_block_stop message_delta message_stop$/);
      const data = events.map((e) => JSON.parse(e.data));
      assert.equal(data[0].message.usage.input_tokens, 5);
      const text = data.filter((d) => d.type === "content_block_delta").map((d) => d.delta.text).join("");
      assert.equal(text, MULTIBYTE_TEXT);
      assert.deepEqual(data.at(-2), {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 6 },
      });
    });

    test("tool_use streams as input_json_delta fragments", async () => {
      mock.reply({ text: "Let me check.", toolCalls: [{ name: "lookup", arguments: '{"q":"weir"}' }] });
      const data = parseSse((await post(url(), { ...request, stream: true }, headers)).text).map((e) => JSON.parse(e.data));
      const starts = data.filter((d) => d.type === "content_block_start").map((d) => d.content_block);
      assert.equal(starts[0].type, "text");
      assert.deepEqual({ ...starts[1], id: undefined }, { type: "tool_use", id: undefined, name: "lookup", input: {} });
      const json = data.filter((d) => d.delta?.type === "input_json_delta").map((d) => d.delta.partial_json);
      assert.ok(json.length > 1);
      assert.deepEqual(JSON.parse(json.join("")), { q: "weir" });
      assert.equal(data.find((d) => d.type === "message_delta").delta.stop_reason, "tool_use");
    });

    test("a missing anthropic-version header is a 400 in Anthropic's error shape", async () => {
      const res = await post(url(), request, { "x-api-key": KEY });
      assert.equal(res.status, 400);
      assert.deepEqual(JSON.parse(res.text), {
        type: "error",
        error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
      });
    });
  });

  describe("Gemini and Vertex AI", () => {
    const request = {
      systemInstruction: { parts: [{ text: "answer briefly" }] },
      contents: [{ role: "user", parts: [{ text: "hello gemini" }] }],
    };

    test("generateContent", async () => {
      const res = await post(`${mock.url}/v1beta/models/gemini-2.0-flash:generateContent`, request, { "x-goog-api-key": KEY });
      const body = JSON.parse(res.text);
      assert.deepEqual(body.candidates[0].content, { role: "model", parts: [{ text: "echo: hello gemini" }] });
      assert.equal(body.candidates[0].finishReason, "STOP");
      assert.deepEqual(body.usageMetadata, { promptTokenCount: 4, candidatesTokenCount: 3, totalTokenCount: 7 });
      assert.equal(body.modelVersion, "gemini-2.0-flash");
    });

    test("streamGenerateContent?alt=sse: CRLF-framed events, usage and finishReason on the last", async () => {
      mock.reply({ text: "one two three" });
      const res = await post(`${mock.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse`, request, { "x-goog-api-key": KEY });
      assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
      const raw = res.text.split("\r\n\r\n");
      assert.equal(raw.pop(), "", "the body ends with an event terminator");
      assert.ok(raw.length >= 3);
      for (const event of raw) assert.match(event, /^data: \{[^\r\n]*\}$/);
      const bodies = raw.map((e) => JSON.parse(e.slice("data: ".length)));
      assert.equal(bodies.map((b) => b.candidates[0].content.parts[0].text).join(""), "one two three");
      for (const b of bodies.slice(0, -1)) assert.equal(b.usageMetadata ?? b.candidates[0].finishReason, undefined);
      assert.equal(bodies.at(-1).candidates[0].finishReason, "STOP");
      assert.deepEqual(bodies.at(-1).usageMetadata, { promptTokenCount: 4, candidatesTokenCount: 3, totalTokenCount: 7 });
    });

    test("streamGenerateContent without alt=sse streams one JSON array", async () => {
      mock.reply({ toolCalls: [{ name: "search", arguments: { q: "x" } }] });
      const res = await post(`${mock.url}/v1/models/gemini-pro:streamGenerateContent`, request, { "x-goog-api-key": KEY });
      const bodies = JSON.parse(res.text);
      assert.ok(Array.isArray(bodies));
      assert.deepEqual(bodies.at(-1).candidates[0].content.parts, [{ functionCall: { name: "search", args: { q: "x" } } }]);
    });

    test("Vertex AI path with a bearer token", async () => {
      const res = await post(
        `${mock.url}/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse`,
        request,
        { authorization: `Bearer ${KEY}` },
      );
      assert.equal(res.status, 200);
      assert.equal(mock.received[0].route, "vertex");
      const events = parseSse(res.text).map((e) => JSON.parse(e.data));
      assert.equal(events.at(-1).modelVersion, "gemini-2.0-flash");
      assert.equal(events.map((e) => e.candidates[0].content.parts[0].text).join(""), "echo: hello gemini");
    });
  });

  describe("requireKey", () => {
    let locked: MockProvider;
    before(async () => {
      locked = await startMockProvider({ requireKey: KEY });
    });
    after(() => locked.close());
    const chat = { model: "m", max_tokens: 5, messages: [{ role: "user", content: "x" }], contents: [{ parts: [{ text: "x" }] }] };

    test("the OpenAI SDK with a wrong key gets OpenAI's 401", async () => {
      const client = new OpenAI({ apiKey: "sk-wrong", baseURL: locked.url + "/v1", maxRetries: 0 });
      await assert.rejects(
        client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }),
        (err: any) => err instanceof OpenAI.AuthenticationError && err.code === "invalid_api_key",
      );
      const ok = new OpenAI({ apiKey: KEY, baseURL: locked.url + "/v1", maxRetries: 0 });
      await ok.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
    });

    const cases: [string, string, Record<string, string>, (body: any) => void][] = [
      ["azure", "/openai/deployments/d/chat/completions?api-version=1", { "api-key": "wrong-key" }, (b) => assert.equal(b.error.code, "401")],
      ["anthropic", "/v1/messages", { "x-api-key": "wrong-key", "anthropic-version": "2023-06-01" }, (b) => assert.deepEqual([b.type, b.error.type], ["error", "authentication_error"])],
      ["gemini", "/v1beta/models/g:generateContent?key=wrong-key", {}, (b) => assert.deepEqual([b.error.code, b.error.status], [401, "UNAUTHENTICATED"])],
      ["vertex", "/v1/projects/p/locations/l/publishers/google/models/g:generateContent", { authorization: "Bearer wrong-key" }, (b) => assert.equal(b.error.status, "UNAUTHENTICATED")],
      ["moderation", "/v1/moderations", {}, (b) => assert.equal(b.error.code, "invalid_api_key")],
    ];
    for (const [name, path, headers, check] of cases) {
      test(`${name}: a wrong or missing key gets 401 in ${name}'s shape, never echoing a key`, async () => {
        const res = await post(locked.url + path, { ...chat, input: "x" }, headers);
        assert.equal(res.status, 401);
        check(JSON.parse(res.text));
        assert.ok(!res.text.includes("wrong-key") && !res.text.includes(KEY));
      });
    }

    test("Gemini accepts the key in ?key= as well as in x-goog-api-key", async () => {
      assert.equal((await post(`${locked.url}/v1beta/models/g:generateContent?key=${KEY}`, chat)).status, 200);
      assert.equal((await post(`${locked.url}/v1beta/models/g:generateContent`, chat, { "x-goog-api-key": KEY })).status, 200);
    });
  });

  describe("moderation", () => {
    const moderate = (input: unknown) => post(mock.url + "/v1/moderations", { input, model: "omni-moderation-latest" }, { authorization: `Bearer ${KEY}` });

    test("flags input containing the trigger word, one result per input string", async () => {
      const body = JSON.parse((await moderate(["I will KILL the process", "a calm sentence"])).text);
      assert.match(body.id, /^modr-/);
      assert.equal(body.model, "omni-moderation-latest");
      assert.deepEqual(body.results.map((r: any) => r.flagged), [true, false]);
      assert.equal(body.results[0].categories.violence, true);
      assert.equal(body.results[0].category_scores.violence, 0.97);
      assert.equal(body.results[1].categories.violence, false);
    });

    test("the trigger word is configurable and a reply can be scripted verbatim", async () => {
      const custom = await startMockProvider({ moderationTrigger: "banana" });
      try {
        const res = await post(custom.url + "/v1/moderations", { input: [{ type: "text", text: "Banana split" }] });
        assert.equal(JSON.parse(res.text).results[0].flagged, true);
        custom.replyRaw("moderation", { status: 503, body: { error: { message: "down" } } });
        assert.equal((await post(custom.url + "/v1/moderations", { input: "x" })).status, 503);
      } finally {
        await custom.close();
      }
    });
  });

  describe("guardrail webhook (kgateway contract)", () => {
    const check = async (phase: string, body: unknown) => {
      const res = await post(`${mock.url}/${phase}`, { body });
      return { status: res.status, json: JSON.parse(res.text) };
    };

    test("request: pass, reject on 'block', mask 'secret'", async () => {
      const pass = await check("request", { messages: [{ role: "user", content: "hello" }] });
      assert.deepEqual(pass.json, { action: { reason: "no rule matched" } });

      const reject = await check("request", { messages: [{ role: "user", content: "please Block this" }] });
      assert.deepEqual({ ...reject.json.action, reason: undefined }, { body: "request blocked", status_code: 403, reason: undefined });

      const mask = await check("request", { messages: [{ role: "system", content: "x" }, { role: "user", content: "my Secret is secret" }] });
      assert.deepEqual(mask.json.action.body, { messages: [{ role: "system", content: "x" }, { role: "user", content: "my **** is ****" }] });
    });

    test("response: mask keeps the number of choices; bad shapes get 422; raw replies are scripted", async () => {
      const mask = await check("response", { choices: [{ message: { role: "assistant", content: "the secret" } }, { message: { role: "assistant", content: "fine" } }] });
      assert.deepEqual(mask.json.action.body.choices.map((c: any) => c.message.content), ["the ****", "fine"]);
      assert.equal((await check("response", { messages: [] })).status, 422);
      mock.replyRaw("webhook", { body: { action: { body: "nope", status_code: 451 } } });
      assert.equal((await check("request", { messages: [{ role: "user", content: "x" }] })).json.action.status_code, 451);
    });
  });

  describe("recording and routing", () => {
    test("records method, path with query, lower-cased headers, raw body and parsed JSON", async () => {
      const raw = '{ "model" : "m",\n  "messages": [{"role":"user","content":"héllo"}] }';
      await post(mock.url + "/v1/chat/completions?trace=1", raw, { "X-Custom-Header": "Value", authorization: `Bearer ${KEY}` });
      const [r] = mock.received;
      assert.equal(r.method, "POST");
      assert.equal(r.path, "/v1/chat/completions?trace=1");
      assert.equal(r.headers["x-custom-header"], "Value");
      assert.equal(r.headers["authorization"], `Bearer ${KEY}`);
      assert.equal(r.body, raw);
      assert.deepEqual(r.json, JSON.parse(raw));
      assert.equal(r.route, "openai");
    });

    test("an unknown path is a 404 JSON error; a non-JSON body is a 400", async () => {
      const res = await post(mock.url + "/v2/nothing", {});
      assert.equal(res.status, 404);
      assert.match(JSON.parse(res.text).error.message, /POST \/v2\/nothing/);
      const bad = await post(mock.url + "/v1/chat/completions", "not json");
      assert.equal(bad.status, 400);
      assert.equal(mock.received.at(-1)!.json, undefined);
    });

    test("a non-streaming reply carries content-length; a stream uses chunked encoding", async () => {
      const whole = await post(mock.url + "/v1/chat/completions", { model: "m", messages: [] });
      assert.equal(whole.headers.get("content-length"), String(Buffer.byteLength(whole.text)));
      const stream = await post(mock.url + "/v1/chat/completions", { model: "m", messages: [], stream: true });
      assert.equal(stream.headers.get("transfer-encoding"), "chunked");
    });
  });

  describe("chunking", () => {
    test("bytes: sizes cycle, the pieces rebuild the body, and cuts fall inside UTF-8 characters", () => {
      const events = [`data: {"t":"${MULTIBYTE_TEXT}"}\n\n`, "data: [DONE]\n\n"];
      const pieces = planWrites(events, { kind: "bytes", sizes: [2, 3] });
      assert.deepEqual(pieces.slice(0, 4).map((p) => p.length), [2, 3, 2, 3]);
      assert.equal(Buffer.concat(pieces).toString("utf8"), events.join(""));
      const strict = new TextDecoder("utf-8", { fatal: true });
      assert.ok(pieces.some((p) => { try { strict.decode(p); return false; } catch { return true; } }), "some piece ends mid-character");
    });

    test("coalesce puts several events in one write", () => {
      const pieces = planWrites(["a", "b", "c", "d", "e"], { kind: "coalesce", per: 2 });
      assert.deepEqual(pieces.map(String), ["ab", "cd", "e"]);
    });

    test("with delayMs the client really sees separate reads", async () => {
      mock.reply({ text: "one two three four", chunking: { kind: "bytes", sizes: [40], delayMs: 15 } });
      const { reads, text } = await readInPieces(mock.url + "/v1/chat/completions", { model: "m", messages: [], stream: true }, {});
      const pieces = Math.ceil(Buffer.byteLength(text) / 40);
      assert.ok(reads.length >= pieces / 2 && reads.length > 3, `${reads.length} reads for ${pieces} writes`);
      assert.ok(text.endsWith("data: [DONE]\n\n"));
    });
  });
});

describe("TLS", () => {
  const openssl = spawnSync("openssl", ["version"]).status === 0;
  test("serves HTTPS with the given key and certificate", { skip: !openssl && "openssl not installed" }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "weir-mock-tls-"));
    try {
      const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
      const gen = spawnSync("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ]);
      assert.equal(gen.status, 0, gen.stderr.toString());
      const mock = await startMockProvider({ tls: { key: readFileSync(key), cert: readFileSync(cert) } });
      try {
        assert.match(mock.url, /^https:\/\//);
        const body = await new Promise<string>((resolve, reject) => {
          const req = https.request(mock.url + "/v1/chat/completions", { method: "POST", ca: readFileSync(cert) }, (res) => {
            let text = "";
            res.on("data", (d) => (text += d)).on("end", () => resolve(text));
          });
          req.on("error", reject);
          req.end(JSON.stringify({ model: "m", messages: [{ role: "user", content: "over tls" }] }));
        });
        assert.equal(JSON.parse(body).choices[0].message.content, "echo: over tls");
      } finally {
        await mock.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CLI", () => {
  test("logs one line per request and never a credential", async () => {
    // Paths are relative to the repository root, where the test runner starts.
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/mock/cli.ts"), "--port", "0"], {
      env: { ...process.env, MOCK_REQUIRE_KEY: KEY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${log}`)), 15000);
        child.stdout.on("data", () => {
          const m = /listening on (\S+)/.exec(log);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
      });
      const chat = { model: "m", max_tokens: 5, messages: [{ role: "user", content: "x" }], contents: [{ parts: [{ text: "x" }] }] };
      assert.equal((await post(url + "/v1/chat/completions", chat, { authorization: `Bearer ${KEY}` })).status, 200);
      assert.equal((await post(url + "/v1/messages", chat, { "x-api-key": KEY, "anthropic-version": "2023-06-01" })).status, 200);
      assert.equal((await post(`${url}/v1beta/models/g:generateContent?key=${KEY}`, chat)).status, 200);
      assert.equal((await post(url + "/v1/chat/completions", chat, { authorization: "Bearer wrong" })).status, 401);
      await new Promise((r) => setTimeout(r, 100));
      const lines = log.trim().split("\n");
      assert.equal(lines.length, 5, log);
      assert.match(lines[1], /^POST \/v1\/chat\/completions -> 200 \(openai\) authorization: <redacted>$/);
      assert.match(lines[3], /key=<redacted>/);
      assert.ok(!log.includes(KEY) && !log.includes("wrong"), log);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
