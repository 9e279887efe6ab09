// `weir run`, as the CLI calls it: parse flags synchronously (usage errors
// exit 2 at once), then run the controller until SIGTERM or SIGINT.
import { hostname } from "node:os";
import { parseRunFlags, RUN_HELP } from "./run-flags.ts";
import { runController, type RunningController } from "./run-controller.ts";

interface RunIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Returns the exit status for usage problems; 0 once the controller is starting (it keeps the process alive). */
export function runCommand(argv: string[], io: RunIO): number {
  const config = parseRunFlags(argv, process.env, hostname());
  if (config === "help") {
    io.stdout(RUN_HELP);
    return 0;
  }
  const log = (message: string) => io.stderr(`${new Date().toISOString()} weir run: ${message}\n`);
  let running: RunningController | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (Envoy keeps the last published config)`);
    await running?.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  runController(config, log).then(
    (r) => (running = r),
    (e) => {
      log(`cannot start: ${(e as Error).message}`);
      process.exit(1);
    },
  );
  return 0;
}

