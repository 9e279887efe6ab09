import { utf8 } from "../../json/bytes";
import { parsePluginConfig } from "../parse";
import { AuthMode } from "../policy";

function parse(json: string): string {
  const r = parsePluginConfig(utf8((json)));
  return r.config === null ? r.error : "ok";
}

describe("parsePluginConfig", () => {
  it("parses route policies with provider defaults", () => {
    const r = parsePluginConfig(utf8((
      '{"routes":{"r1":{"provider":"anthropic","auth":{"mode":"inline","key":"k1"},"model":"claude"},' +
      '"r2":{"provider":"openai","auth":{"mode":"passthrough","header":"X-Key","prefix":"Token "}}}}')));
    const c = r.config!;
    const r1 = c.policyFor("r1")!;
    expect(r1.provider.name).toBe("anthropic");
    expect(r1.auth.mode).toBe(AuthMode.Inline);
    expect(r1.auth.header).toBe("x-api-key");
    expect(r1.auth.prefix).toBe("");
    expect(r1.apiVersion).toBe("2023-06-01");
    expect(r1.model).toBe("claude");
    const r2 = c.policyFor("r2")!;
    expect(r2.auth.mode).toBe(AuthMode.Passthrough);
    expect(r2.auth.header).toBe("x-key");
    expect(r2.auth.prefix).toBe("Token ");
    expect(c.policyFor("r3") === null).toBe(true);
  });

  it("uses the provider's prefix only with the provider's own header", () => {
    const r = parsePluginConfig(utf8((
      '{"routes":{"a":{"provider":"openai","auth":{"mode":"inline","key":"k"}},"b":{"provider":"openai","auth":{"mode":"inline","key":"k","header":"x-custom"}}}}')));
    expect(r.config!.policyFor("a")!.auth.prefix).toBe("Bearer ");
    expect(r.config!.policyFor("b")!.auth.prefix).toBe("");
  });

  it("names the offending field", () => {
    expect(parse("").includes("empty")).toBe(true, parse(""));
    expect(parse("{").includes("not valid JSON")).toBe(true, parse("{"));
    expect(parse("[]").includes("expected a JSON object")).toBe(true, parse("[]"));
    expect(parse('{"routes":[]}').includes("routes: expected an object")).toBe(true, parse('{"routes":[]}'));
    expect(parse('{"routes":{"r":{"provider":"foo","auth":{"mode":"inline","key":"k"}}}}').includes('routes["r"].provider: unknown provider "foo"')).toBe(true, parse('{"routes":{"r":{"provider":"foo","auth":{"mode":"inline","key":"k"}}}}'));
    expect(parse('{"routes":{"r":{"auth":{"mode":"inline","key":"k"}}}}').includes('routes["r"].provider: required')).toBe(true, parse('{"routes":{"r":{"auth":{"mode":"inline","key":"k"}}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai"}}}').includes('routes["r"].auth: expected an object')).toBe(true, parse('{"routes":{"r":{"provider":"openai"}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"magic"}}}}').includes('routes["r"].auth.mode')).toBe(true, parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"magic"}}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline"}}}}').includes('routes["r"].auth.key: required')).toBe(true, parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline"}}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline","key":""}}}}').includes("must not be empty")).toBe(true, parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline","key":""}}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"passthrough","key":"k"}}}}').includes("not allowed")).toBe(true, parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"passthrough","key":"k"}}}}'));
    expect(parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline","key":"k"},"model":3}}}').includes('routes["r"].model: expected a string')).toBe(true, parse('{"routes":{"r":{"provider":"openai","auth":{"mode":"inline","key":"k"},"model":3}}}'));
  });

  it("never repeats a key value in an error", () => {
    expect(parse('{"routes":{"r":{"provider":"nope","auth":{"mode":"inline","key":"sk-very-secret"}}}}').includes("sk-very-secret")).toBe(false);
  });
});
