// Requests through the gateway, as a client that keeps its connection open
// (so a test sees whether a new config reaches existing connections), and
// what the mock provider received for each.
import http from "node:http";
import type { MockProvider } from "../mock/server.ts";

export interface Exchange {
  status: number;
  /** The Authorization header the provider received (undefined when the request did not reach it). */
  key?: string;
  /** The model in the body the provider received. */
  model?: string;
}

export function gatewayClient(port: number, mock: MockProvider) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const chat = (prefix: string): Promise<Exchange> => {
    const before = mock.received.length;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: `${prefix}/v1/chat/completions`, method: "POST", agent, headers: { "content-type": "application/json" } },
        (res) => {
          res.resume();
          res.on("end", () => {
            const seen = mock.received.length > before ? mock.received.at(-1) : undefined;
            resolve({ status: res.statusCode ?? 0, key: seen?.headers.authorization, model: (seen?.json as { model?: string } | undefined)?.model });
          });
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ model: "client-model", messages: [{ role: "user", content: "hello gateway" }] }));
    });
  };
  return { chat, close: () => agent.destroy() };
}

/** Polls `probe` until it returns true; resolves with the milliseconds that took. */
export async function timeUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  let lastError: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      if (await probe()) return Date.now() - start;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`);
}
