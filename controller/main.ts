// Entry point of dist/weir.js: binds the CLI to the real process.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { runCli, type CliIO } from "./cli.ts";

const io: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, "utf8"),
  writeFileAtomic(path, text) {
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      // Owner-only: the bootstrap holds the backends' keys.
      writeFileSync(temporary, text, { mode: 0o600 });
      renameSync(temporary, path);
    } catch (e) {
      try {
        unlinkSync(temporary);
      } catch {
        // nothing was written
      }
      throw e;
    }
  },
};

// exitCode rather than exit(): lets a large render finish flushing to a pipe.
process.exitCode = runCli(process.argv.slice(2), io);
