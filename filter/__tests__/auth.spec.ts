import { utf8 } from "../json/bytes";
import { decideCredential, bearerToken } from "../auth";
import { parsePluginConfig } from "../config/parse";
import { RoutePolicy } from "../config/policy";

function policy(json: string): RoutePolicy {
  return parsePluginConfig(utf8(('{"routes":{"r":' + json + "}}"))).config!.policyFor("r")!;
}

describe("decideCredential", () => {
  it("presents the inline key whatever the client sent", () => {
    const d = decideCredential(policy('{"provider":"openai","auth":{"mode":"inline","key":"sk-1"}}').auth, "Bearer client", null);
    expect(d.header).toBe("authorization");
    expect(d.value).toBe("Bearer sk-1");
  });

  it("moves a passthrough bearer token into the provider's header", () => {
    const d = decideCredential(policy('{"provider":"gemini","auth":{"mode":"passthrough"}}').auth, "bearer  g-key ", null);
    expect(d.header).toBe("x-goog-api-key");
    expect(d.value).toBe("g-key");
  });

  it("accepts the provider's own header for passthrough", () => {
    const d = decideCredential(policy('{"provider":"anthropic","auth":{"mode":"passthrough"}}').auth, null, "a-key");
    expect(d.header).toBe("x-api-key");
    expect(d.value).toBe("a-key");
  });

  it("refuses passthrough without a key", () => {
    const d = decideCredential(policy('{"provider":"openai","auth":{"mode":"passthrough"}}').auth, "Basic abc", null);
    expect(d.header).toBe("");
    expect(d.refusal.includes("missing API key")).toBe(true, d.refusal);
  });

  it("applies a header override with its prefix", () => {
    const d = decideCredential(policy('{"provider":"openai","auth":{"mode":"inline","key":"k","header":"X-Gw-Key","prefix":"Key "}}').auth, null, null);
    expect(d.header).toBe("x-gw-key");
    expect(d.value).toBe("Key k");
  });
});

describe("bearerToken", () => {
  it("reads only the Bearer scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("BEARER abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBe("");
    expect(bearerToken("Bearer ")).toBe("");
    expect(bearerToken(null)).toBe("");
  });
});
