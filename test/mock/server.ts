// The local mock LLM provider every Weir test talks to instead of the real APIs.
// It speaks each provider's wire format (providers/), records what it received, answers with
// scripted or default replies, and writes bodies in awkward pieces on request (chunking.ts).
//
//   const mock = await startMockProvider();
//   mock.reply({ text: "hi", chunking: { kind: "bytes", sizes: [3, 1] } });  // next chat request
//   ... point a client or Envoy at mock.url ...
//   mock.received[0].json; await mock.close();
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { planWrites, writePieces } from "./chunking.ts";
import { PROVIDERS } from "./providers/index.ts";
import { openaiErrorBody } from "./providers/openai.ts";
import type {
  Chunking,
  MockOptions,
  MockReply,
  ProviderCall,
  RawReply,
  RecordedRequest,
} from "./types.ts";

export type { Chunking, MockOptions, MockReply, RawReply, RecordedRequest, ToolCallReply } from "./types.ts";
export { MULTIBYTE_TEXT } from "./reply.ts";
export { countTokens } from "./tokens.ts";

export interface MockProvider {
  readonly port: number;
  /** http(s)://127.0.0.1:port */
  readonly url: string;
  /** Every request, in arrival order (including ones answered 401 or 404). */
  readonly received: RecordedRequest[];
  /** Queue replies for the next chat requests (any chat provider), one per request, in order. */
  reply(...replies: MockReply[]): void;
  /** Queue a verbatim answer for the next moderation or webhook request. */
  replyRaw(route: "moderation" | "webhook", reply: RawReply): void;
  /** Forget recorded requests and queued replies. */
  clear(): void;
  close(): Promise<void>;
}

export async function startMockProvider(options: MockOptions = {}): Promise<MockProvider> {
  const received: RecordedRequest[] = [];
  const queues = { chat: [] as MockReply[], moderation: [] as RawReply[], webhook: [] as RawReply[] };
  let idCounter = 0;
  const newId = (prefix: string) => `${prefix}${String(++idCounter).padStart(6, "0")}`;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the mock or a bad script: say so in the response rather than hang the test.
      if (!res.headersSent) sendJson(res, 500, openaiErrorBody(500, `mock: ${(err as Error).message}`));
      else res.destroy();
    });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    const method = req.method ?? "GET";
    const provider = PROVIDERS.find((p) => p.match(method, url));
    const record: RecordedRequest = {
      method,
      path: req.url ?? "/",
      headers: lowerCasedHeaders(req),
      body,
      json: parseJson(body),
      route: provider?.name,
    };
    received.push(record);
    const respond = (status: number, payload: unknown, chunking?: Chunking, abortAfter?: number) => {
      options.onRequest?.(record, status);
      return sendJson(res, status, payload, chunking, abortAfter);
    };

    if (!provider) {
      if (method === "GET" && url.pathname === "/healthz") return respond(200, { status: "ok" });
      return respond(404, openaiErrorBody(404, `Invalid URL (${method} ${url.pathname})`));
    }
    const fail = (status: number, message: string) => respond(status, provider.errorBody(status, message));

    if (options.requireKey !== undefined && provider.credential) {
      // Compared, never echoed: the key must not appear in any reply or log.
      if (provider.credential(record.headers, url) !== options.requireKey) return fail(401, provider.authMessage);
    }
    if (record.json === undefined || record.json === null || typeof record.json !== "object") {
      return fail(400, "mock: the request body is not a JSON object");
    }
    const matched = { params: provider.match(method, url)!, url, headers: record.headers, json: record.json };
    const refusal = provider.validate?.(matched);
    if (refusal) return fail(refusal.status, refusal.message);

    if (provider.queue !== "chat") {
      const raw = queues[provider.queue].shift();
      if (raw) {
        if (raw.delayMs) await sleep(raw.delayMs);
        return respond(raw.status ?? 200, raw.body);
      }
    }
    const reply = provider.queue === "chat" ? (queues.chat.shift() ?? options.defaultReply ?? {}) : {};
    const chunking = reply.chunking ?? options.chunking ?? { kind: "events" };
    if (reply.errorBody !== undefined || (reply.status ?? 200) >= 400) {
      const status = reply.status ?? 500;
      const payload = reply.errorBody ?? provider.errorBody(status, "mock: scripted error");
      return respond(status, payload, chunking, reply.abortAfterWrites);
    }

    const call: ProviderCall = { ...matched, reply, options, newId };
    let result;
    try {
      result = provider.respond(call);
    } catch (err) {
      // A bad script (e.g. tool-call arguments that are not JSON): answer in the provider's shape.
      return fail(500, `mock: ${(err as Error).message}`);
    }
    if ("json" in result) return respond(result.status, result.json, chunking, reply.abortAfterWrites);
    options.onRequest?.(record, 200);
    return sendStream(res, result.contentType, result.events, chunking, reply.abortAfterWrites);
  }

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  // Nagle would merge the small writes that chunking exists to keep apart.
  server.on("connection", (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    received,
    reply: (...replies) => void queues.chat.push(...replies),
    replyRaw: (route, reply) => void queues[route].push(reply),
    clear() {
      received.length = 0;
      for (const queue of Object.values(queues)) queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
        server.close(() => resolve());
      }),
  };
}

/** A whole body with content-length; a string payload is sent verbatim, anything else as JSON. */
async function sendJson(
  res: http.ServerResponse,
  status: number,
  payload: unknown,
  chunking: Chunking = { kind: "events" },
  abortAfterWrites?: number,
): Promise<void> {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": typeof payload === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
  });
  await writePieces(res, planWrites([text], chunking), chunking.delayMs, abortAfterWrites);
}

/** A stream: no content-length, so Node uses chunked transfer encoding; headers go out before the first event. */
async function sendStream(
  res: http.ServerResponse,
  contentType: string,
  events: string[],
  chunking: Chunking,
  abortAfterWrites?: number,
): Promise<void> {
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache" });
  res.flushHeaders();
  await writePieces(res, planWrites(events, chunking), chunking.delayMs, abortAfterWrites);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function lowerCasedHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
