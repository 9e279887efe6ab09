// The fast upstream of the overhead and soak runs: a keep-alive HTTP server
// that reads the request body and answers every request with the same small
// OpenAI chat completion (content-length, no chunking). It stands in for the
// provider so that the upstream costs little and the same on every variant;
// the mock provider (test/mock) is faithful but too slow to measure 30 µs on.
//   node --import tsx bench/upstream.ts   → prints {"port": N} once listening
import http from "node:http";
import type { AddressInfo } from "node:net";
import { COMPLETION } from "./lib/completion.ts";

export { COMPLETION };

const server = http.createServer((req, res) => {
  // The bench's sanity check (never during load): report what arrived, so the
  // bench can show that the filter ran (key replaced, model pinned).
  if (req.headers["x-bench-check"]) {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let model: unknown;
      try {
        model = JSON.parse(Buffer.concat(chunks).toString("utf8")).model;
      } catch {
        model = "(body is not JSON)";
      }
      const seen = Buffer.from(JSON.stringify({ authorization: req.headers.authorization ?? null, model, path: req.url }));
      res.writeHead(200, { "content-type": "application/json", "content-length": seen.length });
      res.end(seen);
    });
    return;
  }
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": COMPLETION.length });
    res.end(COMPLETION);
  });
});
server.keepAliveTimeout = 60_000;
server.on("connection", (socket) => socket.setNoDelay(true));
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
const stop = () => server.close(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
