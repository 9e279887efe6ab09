// The streaming upstreams: three instances of the project's mock provider
// (test/mock), each answering every chat request with the same OpenAI SSE
// stream, one event per word, one write per event:
//   long  — EVENTS words (the per-event measurement)
//   short — 2 words (the per-stream part the long stream also pays)
//   slow  — SLOW_EVENTS words with SLOW_DELAY_MS between writes (streams held open for the memory sample)
//   node --import tsx bench/stream-mock.ts --events 500 → prints {"long": port, "short": port, "slow": port, ...}
import { parseArgs } from "node:util";
import { startMockProvider, type MockProvider } from "../test/mock/server.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "500" },
    "slow-events": { type: "string", default: "200" },
    "slow-delay-ms": { type: "string", default: "10" },
  },
});

// Chat-like words; every 40th word is something a response guard masks
// (email, phone, card), so masking does real work once it lands.
const WORDS = ("the quarterly report shows that revenue grew in every region while costs stayed flat and the team " +
  "expects the next release to ship on time if the remaining reviews finish this week").split(" ");
const SENSITIVE = ["alice.smith@example.com", "(415) 555-0134", "4111 1111 1111 1111", "123-45-6789"];

function replyText(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(i % 40 === 39 ? SENSITIVE[(i / 40) % SENSITIVE.length | 0] : WORDS[i % WORDS.length]);
  return out.join(" ");
}

const mocks: MockProvider[] = [];
const start = async (words: number, delayMs?: number) => {
  const mock = await startMockProvider({
    defaultReply: { text: replyText(words) },
    chunking: { kind: "events", delayMs },
  });
  mocks.push(mock);
  return mock;
};

async function main(): Promise<void> {
  const long = await start(Number(values.events));
  const short = await start(2);
  const slow = await start(Number(values["slow-events"]), Number(values["slow-delay-ms"]));
  // The mock records every request; forget them so a soak does not grow this process.
  setInterval(() => mocks.forEach((m) => m.clear()), 1000).unref();
  console.log(JSON.stringify({ long: long.port, short: short.port, slow: slow.port }));
  const stop = () => void Promise.all(mocks.map((m) => m.close())).then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: Error) => {
  console.error(`stream-mock: ${err.message}`);
  process.exit(1);
});
