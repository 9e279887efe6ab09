// The `weir` command line: argument handling and output. All I/O goes through
// CliIO, so tests can drive it in-process as well as through the bundle.
import { parseArgs } from "node:util";
import { isUsageError, RENDER_FLAGS, renderOptions, UsageError } from "./cli-flags.ts";
import { crdsYaml } from "./crds/crds.ts";
import { formatDiagnostic } from "./diagnostics.ts";
import { DEFAULT_ENVOY_OPTIONS } from "./envoy/options.ts";
import { FilterModuleError } from "./filter-check/wasm-validator.ts";
import { readSources } from "./load/read-sources.ts";
import { render } from "./pipeline/render.ts";
import { VERSION } from "./version.ts";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  /** Replaces the file in one step, so a reader never sees half a config. */
  writeFileAtomic(path: string, text: string): void;
}

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

const HELP = `weir ${VERSION}: render Envoy configuration for the Weir AI gateway

Usage:
  weir render   -f <file|dir|->... [-o envoy.yaml] [options]
  weir validate -f <file|dir|->... [options]
  weir crds
  weir run --output-dir <dir> [options]   (see weir run --help)
  weir --help | --version

Reads Gateway, HTTPRoute, Service, Secret and Weir's LLMBackend and AIPolicy
manifests, and kgateway's AI kinds (Backend with type AI, TrafficPolicy,
Upstream, RoutePolicy) as they are. YAML, several documents per file; a
directory contributes its *.yaml, *.yml and *.json files; "-" reads stdin.

  render    writes a complete Envoy bootstrap to -o, or to stdout
  validate  checks only, and prints "valid"
  crds      prints the CustomResourceDefinitions of LLMBackend and AIPolicy
  run       watches a Kubernetes cluster and serves Envoy the result (xDS files)

Every problem is reported at once, naming file, object, field and reason. The
filter's own parser (the --wasm module) checks the filter's configuration, so
what renders is what the filter loads. On any error nothing is written and the
exit status is ${EXIT_INVALID} (${EXIT_USAGE} for bad usage).

Options:
  -f, --filename <path>        manifest file or directory; repeatable
  -o, --output <file>          where to write the bootstrap (default: stdout)
      --wasm <path>            Weir filter module, loaded by Envoy and used to
                               check its configuration (default: ${DEFAULT_ENVOY_OPTIONS.wasmPath};
                               build it with "npm run build:filter")
      --admin-port <n>         Envoy admin port on 127.0.0.1 (default: ${DEFAULT_ENVOY_OPTIONS.adminPort})
      --listener-address <ip>  address the Gateway listeners bind (default: ${DEFAULT_ENVOY_OPTIONS.listenerAddress})
      --ca-bundle <path>       CA bundle for provider certificates (default: ${DEFAULT_ENVOY_OPTIONS.caBundle})
      --backend-host-override <host:port>
                               send every backend (and guard webhook) to host:port
                               instead; plain HTTP unless the port is 443. For
                               local demos and tests against a mock provider only.
      --access-log <path>      write Envoy's access log (one line per request: route,
                               provider, model, tokens, guard outcome) to this file
                               instead of Envoy's stdout
  -h, --help                   this text
      --version                the version
`;

export function runCli(argv: string[], io: CliIO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (!isUsageError(e) && !isParseArgsError(e)) throw e;
    io.stderr(`weir: ${(e as Error).message}\nRun "weir --help" for usage.\n`);
    return EXIT_USAGE;
  }
}

function run(argv: string[], io: CliIO): number {
  // A long-running command with its own flags (controller/kube/).
  if (argv[0] === "run") return loadRunCommand()(argv.slice(1), io);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      filename: { type: "string", short: "f", multiple: true },
      output: { type: "string", short: "o" },
      ...RENDER_FLAGS,
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
  if (values.help) return print(io, HELP);
  if (values.version) return print(io, `${VERSION}\n`);

  const [command, ...extra] = positionals;
  if (command !== "render" && command !== "validate" && command !== "crds") {
    throw new UsageError(command ? `unknown command "${command}"` : "a command is required: render, validate or crds");
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === "crds") {
    const given = Object.keys(values);
    if (given.length > 0) throw new UsageError(`crds takes no options (got --${given[0]})`);
    return print(io, crdsYaml());
  }
  if (!values.filename?.length) throw new UsageError("-f <file|dir|-> is required");
  if (command === "validate" && values.output) throw new UsageError("validate writes nothing: -o does not apply");

  const options = renderOptions(values);
  const read = readSources(values.filename, io.readStdin);
  let result: ReturnType<typeof render>;
  try {
    result = render(read.sources, options);
  } catch (e) {
    if (!(e instanceof FilterModuleError)) throw e;
    io.stderr(`error: ${e.message}\nweir: nothing written\n`);
    return EXIT_INVALID;
  }
  const warnings = result.warnings.map((w) => `warning: ${formatDiagnostic(w)}\n`).join("");
  io.stderr(warnings);
  const errors = [...read.errors, ...(result.ok ? [] : result.errors)];
  if (errors.length > 0 || !result.ok) {
    io.stderr(errors.map((e) => `error: ${formatDiagnostic(e)}\n`).join(""));
    io.stderr(`weir: ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing written\n`);
    return EXIT_INVALID;
  }
  if (command === "validate") return print(io, "valid\n");
  if (!values.output) return print(io, result.envoyYaml);
  try {
    io.writeFileAtomic(values.output, result.envoyYaml);
  } catch (e) {
    io.stderr(`error: cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

/**
 * `weir run` is loaded only when it runs: the Kubernetes client is nine tenths
 * of the code, and render and validate do not need it. build.mjs bundles it on
 * its own, as dist/weir-run.js beside dist/weir.js, and points this require there.
 */
function loadRunCommand(): typeof import("./kube/run-command.ts").runCommand {
  return (require("./kube/run-command.ts") as typeof import("./kube/run-command.ts")).runCommand;
}

function print(io: CliIO, text: string): number {
  io.stdout(text);
  return EXIT_OK;
}

// parseArgs reports unknown or malformed options with these codes.
function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
