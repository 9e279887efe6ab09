// Runs the mock provider standalone (for the demo), logging one line per request, never a credential:
//   node --import tsx test/mock/cli.ts --port 9999 [--tls-cert cert.pem --tls-key key.pem] [--require-key K | env MOCK_REQUIRE_KEY=K]
// Prints "mock provider listening on <url>" once ready; stops on SIGINT/SIGTERM.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMockProvider } from "./server.ts";
import { logLine } from "./redact.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "require-key": { type: "string" },
  },
});

if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) {
  console.error("mock: --tls-cert and --tls-key go together");
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock: --port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const tls = values["tls-cert"] && values["tls-key"]
  ? { cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"]) }
  : undefined;

startMockProvider({
  port,
  tls,
  // The env var keeps the key out of the process list.
  requireKey: values["require-key"] ?? process.env.MOCK_REQUIRE_KEY,
  onRequest: (request, status) => console.log(logLine(request, status)),
}).then(
  (mock) => {
    console.log(`mock provider listening on ${mock.url}`);
    const stop = () => void mock.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (err: Error) => {
    console.error(`mock: ${err.message}`);
    process.exit(1);
  },
);
