import { parseJsonString } from "../../json/parse";
import { TextField } from "../text-fields";
import { providerByName } from "../registry";

function prompts(provider: string, body: string): string {
  const out = new Array<TextField>(0);
  providerByName(provider)!.promptTexts(parseJsonString(body).value!, out);
  const texts = new Array<string>(0);
  for (let i = 0; i < out.length; i++) texts.push(out[i].role + ":" + out[i].text);
  return texts.join("|");
}

function responses(provider: string, body: string): string {
  const out = new Array<TextField>(0);
  providerByName(provider)!.responseTexts(parseJsonString(body).value!, out);
  const texts = new Array<string>(0);
  for (let i = 0; i < out.length; i++) texts.push(out[i].role + ":" + out[i].text);
  return texts.join("|");
}

describe("prompt text fields", () => {
  it("OpenAI: string content and text parts, never image parts or names", () => {
    expect(prompts("openai", '{"model":"m","messages":[{"role":"system","content":"sys"},' +
      '{"role":"user","name":"bob","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"u"}},{"type":"text","text":"b"}]}]}'))
      .toBe("system:sys|user:a|user:b");
    expect(prompts("azureopenai", '{"messages":[{"role":"user","content":"x"}]}')).toBe("user:x");
    expect(prompts("openai", '{"messages":"nope"}')).toBe("");
  });

  it("Anthropic: system string or blocks, text blocks, tool results", () => {
    expect(prompts("anthropic", '{"system":"s","messages":[{"role":"user","content":"u"}]}')).toBe("system:s|user:u");
    expect(prompts("anthropic", '{"system":[{"type":"text","text":"s1"}],"messages":[{"role":"user","content":[' +
      '{"type":"text","text":"t"},{"type":"tool_result","tool_use_id":"x","content":"r"},' +
      '{"type":"tool_result","tool_use_id":"y","content":[{"type":"text","text":"r2"}]}]}]}'))
      .toBe("system:s1|user:t|user:r|user:r2");
  });

  it("Gemini and Vertex: contents parts and the system instruction, either spelling", () => {
    expect(prompts("gemini", '{"systemInstruction":{"parts":[{"text":"s"}]},"contents":[{"role":"user","parts":[{"text":"a"},{"inlineData":{}},{"text":"b"}]},{"role":"model","parts":[{"text":"m"}]}]}'))
      .toBe("system:s|user:a|user:b|assistant:m");
    expect(prompts("vertexai", '{"system_instruction":{"parts":[{"text":"s"}]},"contents":[{"parts":[{"text":"c"}]}]}')).toBe("system:s|user:c");
  });
});

describe("response text fields", () => {
  it("reads each provider's generated text and nothing else", () => {
    expect(responses("openai", '{"choices":[{"message":{"role":"assistant","content":"hi","tool_calls":[{"function":{"arguments":"{}"}}]}}]}')).toBe("assistant:hi");
    expect(responses("anthropic", '{"content":[{"type":"text","text":"a"},{"type":"tool_use","input":{"q":"x"}}]}')).toBe("assistant:a");
    expect(responses("gemini", '{"candidates":[{"content":{"parts":[{"text":"g"},{"functionCall":{"name":"f"}}]}}]}')).toBe("assistant:g");
  });
});
