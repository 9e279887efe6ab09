// What the rendered routes do to real requests in the real Envoy: path, query
// and host rewrites, precedence, and 404/500 for what no backend serves.
// The Weir filter is taken out of the chain here: its own tests cover it, and
// this checks only what the routes promise.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { caseInput } from "../pipeline/golden.ts";
import { startRoutesOnly, type RoutesOnly } from "./routes-only.ts";

for (const name of ["providers", "routing", "http-routes"]) {
  describe(`routes of the ${name} case in Envoy`, () => {
    let envoy: RoutesOnly;
    before(async () => {
      envoy = await startRoutesOnly(caseInput(name).text);
    });
    after(() => envoy?.stop());

    const exchange: RoutesOnly["exchange"] = (...args) => envoy.exchange(...args);
    const send = async (listener: string, path: string, host = "client.example") => (await exchange(listener, path, { host })).status;
    const upstreamSaw = () => envoy.last();

    if (name === "providers") {
      test("the provider path replaces the client's; the client's query is kept", async () => {
        assert.equal(await send("10000", "/openai/v1/chat/completions?trace=1"), 200);
        assert.equal(upstreamSaw().url, "/v1/chat/completions?trace=1");
        assert.match(upstreamSaw().headers.host!, /^127\.0\.0\.1:\d+$/);
      });

      test("the provider's query parameters override the client's", async () => {
        assert.equal(await send("10000", "/azure/openai/deployments/x/chat/completions?api-version=2023-05-15&keep=1"), 200);
        assert.equal(upstreamSaw().url, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&keep=1");
        assert.equal(await send("10000", "/compatible/v1/chat/completions"), 200);
        assert.equal(upstreamSaw().url, "/api/v2/chat?tenant=a%2Fb");
      });

      test("Gemini and Vertex AI paths", async () => {
        assert.equal(await send("10000", "/gemini/v1beta/models/other:generateContent?alt=sse"), 200);
        assert.equal(upstreamSaw().url, "/v1beta/models/gemini-2.0-flash:generateContent?alt=sse");
        assert.equal(await send("10000", "/vertex-global/x"), 200);
        assert.equal(upstreamSaw().url, "/v1beta1/projects/my-project/locations/global/publishers/google/models/gemini-2.0-flash:generateContent");
      });

      test("PathPrefix matches whole segments; unmatched paths get 404", async () => {
        assert.equal(await send("10000", "/openaiX/v1/chat/completions"), 404);
        assert.equal(await send("10000", "/elsewhere"), 404);
      });
    } else if (name === "http-routes") {
      test("method and header matches take precedence over the plain prefix", async () => {
        assert.equal((await exchange("10000", "/v1/chat/completions", { headers: { "x-team": "beta" } })).status, 200);
        assert.equal(upstreamSaw().url, "/v1/messages", "team beta goes to the Anthropic backend");
        await exchange("10000", "/v1/chat/completions", { method: "PUT", headers: { "x-team": "beta" } });
        assert.notEqual(upstreamSaw().headers["x-backend"], undefined, "another method falls through to the weighted rule");
      });

      test("a weighted split shares requests by weight, each backend with its own rewrite and headers", async () => {
        const counts = { primary: 0, secondary: 0 };
        for (let i = 0; i < 400; i++) {
          const { status, headers } = await exchange("10000", "/v1/chat/completions", { headers: { "x-debug": "1" } });
          assert.equal(status, 200);
          assert.equal(headers["x-served-by"], "weir 100%", "response header modifier, % kept literal");
          const seen = upstreamSaw();
          const backend = seen.headers["x-backend"] as "primary" | "secondary";
          assert.equal(seen.url, backend === "primary" ? "/v1/chat/completions" : "/v1/messages");
          assert.equal(seen.headers["x-gateway"], "weir");
          assert.equal(seen.headers["x-debug"], undefined, "removed by the rule's modifier");
          counts[backend]++;
        }
        // 90/10; a binomial over 400 requests stays within ±0.06 with overwhelming odds.
        const share = counts.primary / 400;
        assert.ok(share > 0.84 && share < 0.96, `primary took ${share} of the requests`);
      });

      test("ReplacePrefixMatch keeps the rest of the client's path, on LLM and Service routes", async () => {
        assert.equal(await send("10000", "/openai/embeddings?x=1"), 200);
        assert.equal(upstreamSaw().url, "/v1/embeddings?x=1");
        assert.equal(await send("10000", "/old/things/1", "legacy.example.com"), 200);
        assert.equal(upstreamSaw().url, "/things/1");
        assert.equal(upstreamSaw().headers.host, "legacy.internal.example.com", "URLRewrite hostname on a Service route");
      });

      test("regex path with a query parameter match; weight 0 answers 500", async () => {
        assert.equal(await send("10000", "/models/gpt-4.1/chat?tier=gold"), 200);
        assert.equal(upstreamSaw().url, "/v1/chat/completions?tier=gold");
        assert.equal(await send("10000", "/models/gpt-4.1/chat?tier=silver"), 404);
        assert.equal(await send("10000", "/drained"), 500);
      });
    } else {
      test("a rule without backend answers 500; the catch-all serves the rest", async () => {
        assert.equal(await send("10000", "/disabled/x"), 500);
        assert.equal(await send("10000", "/anything"), 200);
        assert.equal(upstreamSaw().url, "/v1/chat/completions");
      });

      test("hostnames: exact host first, then the wildcard's routes; other hosts are not served", async () => {
        assert.equal(await send("10001", "/v1/chat/completions", "team-a.internal.example.com:10001"), 200);
        assert.equal(await send("10001", "/disabled", "team-a.internal.example.com"), 500, "falls through to the wildcard's routes");
        assert.equal(await send("10001", "/v1/chat/completions", "x.internal.example.com"), 200);
        assert.equal(await send("10001", "/v1/chat/completions", "internal.example.com"), 404);
      });
    }
  });
}
