// The reply of the fast upstream (bench/upstream.ts), also what the module
// probe (host-probe.ts) answers with: a small OpenAI chat completion with usage.
export const COMPLETION = Buffer.from(JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [{
    index: 0,
    message: { role: "assistant", content: "Sure. The meeting is moved to Thursday at 10am; I have told the team.", refusal: null },
    logprobs: null,
    finish_reason: "stop",
  }],
  usage: { prompt_tokens: 212, completion_tokens: 17, total_tokens: 229 },
}));
