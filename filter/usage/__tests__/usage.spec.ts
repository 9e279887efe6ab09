// Usage readers: the non-buffering capture of non-streaming bodies, the
// request edit that asks OpenAI for stream usage, metric label values.

import { UsageCapture } from "../capture";
import { TokenUsage } from "../usage";
import { askForStreamUsage } from "../request";
import { label } from "../report";
import { providerByName } from "../../providers/registry";
import { parseJson } from "../../json/parse";
import { BodyEditor } from "../../json/editor";

function utf8(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }
function str(b: Uint8Array): string { return String.UTF8.decodeUnsafe(b.dataStart, b.length); }

function captured(provider: string, body: string, step: i32): string {
  const bytes = utf8(body);
  const c = new UsageCapture();
  for (let i = 0; i < bytes.length; i += step) {
    let end = i + step;
    if (end > bytes.length) end = bytes.length;
    c.feed(bytes.subarray(i, end));
  }
  const u = new TokenUsage();
  c.result(providerByName(provider)!, u);
  return u.prompt.toString() + "/" + u.completion.toString() + "/" + u.totalTokens().toString() + "/" + u.model;
}

function asked(body: string): string {
  const src = utf8(body);
  const editor = new BodyEditor();
  const added = askForStreamUsage(parseJson(src).value!, editor);
  let out = body;
  if (editor.changed) out = str(editor.apply(src));
  return (added ? "added " : "left ") + out;
}

describe("UsageCapture", () => {
  it("reads top-level usage without keeping the body, however it is fed", () => {
    const openai = '{"id":"x","model":"gpt-4o","choices":[{"message":{"content":"\\"usage\\": {\\"prompt_tokens\\": 999}"}}],"usage":{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11}}';
    for (let step = 1; step < 9; step++) expect(captured("openai", openai, step)).toBe("5/6/11/gpt-4o");
    expect(captured("anthropic", '{"model":"claude","content":[],"usage":{"input_tokens":3,"output_tokens":4}}', 2)).toBe("3/4/7/claude");
  });

  it("reads the last element's usageMetadata of a JSON array (Gemini streaming without alt=sse)", () => {
    const body = '[{"candidates":[],"usageMetadata":{"promptTokenCount":1,"totalTokenCount":1}},\r\n{"candidates":[],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":3,"totalTokenCount":5},"modelVersion":"g"}]';
    expect(captured("gemini", body, 3)).toBe("2/3/5/g");
  });

  it("ignores nested members of the same names, and names that only start or end like them", () => {
    expect(captured("openai", '{"x":{"usage":{"prompt_tokens":9}},"model":"m"}', 4)).toBe("-1/-1/0/m");
    expect(captured("openai", '{"usag":{"prompt_tokens":1},"usages":{"prompt_tokens":2},"modelx":"a","xmodel":"b","model" : "m"}', 5)).toBe("-1/-1/0/m");
  });

  it("keeps each member's last value over a long array, in bounded memory", () => {
    // ~200 KB of usageMetadata: the kept buffer is squeezed several times, and
    // the one modelVersion (first element) must survive every squeeze.
    let body = '[{"candidates":[],"modelVersion":"gemini-first"}';
    for (let i = 1; i <= 3000; i++) {
      body += ',{"candidates":[{"content":{"parts":[{"text":"t"}]}}],"usageMetadata":{"promptTokenCount":' + i.toString() +
        ',"candidatesTokenCount":1,"totalTokenCount":' + (i + 1).toString() + '}}';
    }
    body += "]";
    expect(captured("gemini", body, 7)).toBe("3000/1/3001/gemini-first");
  });

  it("drops a member too large to be usage, keeping the others", () => {
    const huge = '{"model":"m","usage":{"prompt_tokens":1,"pad":"' + "x".repeat(17 << 10) + '"}}';
    expect(captured("openai", huge, 1000)).toBe("-1/-1/0/m");
  });
});

describe("askForStreamUsage", () => {
  it("adds include_usage to streamed requests that lack it, and only those", () => {
    expect(asked('{"stream":true,"messages":[]}')).toBe('added {"stream_options":{"include_usage":true},"stream":true,"messages":[]}');
    expect(asked('{"stream":true,"stream_options":{}}')).toBe('added {"stream":true,"stream_options":{"include_usage":true}}');
    expect(asked('{"stream":true,"stream_options":{"include_usage":false}}')).toBe('added {"stream":true,"stream_options":{"include_usage":true}}');
    expect(asked('{"stream":true,"stream_options":null}')).toBe('added {"stream":true,"stream_options":{"include_usage":true}}');
    expect(asked('{"stream":true,"stream_options":{"include_usage":true}}')).toBe('left {"stream":true,"stream_options":{"include_usage":true}}');
    expect(asked('{"stream":false}')).toBe('left {"stream":false}');
    expect(asked('{"messages":[]}')).toBe('left {"messages":[]}');
  });
});

describe("metric labels", () => {
  it("keeps names tag extraction can cut, and nothing else", () => {
    expect(label("httproute/default/openai/rule/0/match/0")).toBe("httproute/default/openai/rule/0/match/0");
    expect(label("gemini-2.0-flash")).toBe("gemini-2.0-flash");
    expect(label("a;b=c d")).toBe("a_b_c_d");
    expect(label("")).toBe("_");
    expect(label("x".repeat(100)).length).toBe(64);
  });
});
