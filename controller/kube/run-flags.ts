// `weir run` options: parsed and checked up front, so a bad flag is a usage
// error (exit 2) before anything connects to the cluster.
import { parseArgs } from "node:util";
import { absolutePath, parsePort, RENDER_FLAGS, renderOptions, UsageError } from "../cli-flags.ts";
import type { RenderOptions } from "../pipeline/render.ts";

export interface RunConfig {
  kubeconfig?: string;
  outputDir: string;
  envoyXdsDir: string;
  gatewayClass: string;
  render: RenderOptions;
  /** Written once at start: Envoy's bootstrap pointing at the xDS directory. */
  bootstrap?: { path: string; readyPort?: number };
  healthPort?: number;
  status: { kind: "never" } | { kind: "always" } | { kind: "lease"; namespace: string; name: string };
  identity: string;
  debounceMs: number;
}

export const RUN_HELP = `Usage: weir run --output-dir <dir> [options]

Watches Gateways (of one GatewayClass), HTTPRoutes, LLMBackends, AIPolicies,
Services, kgateway Backends/TrafficPolicies (when installed) and the Secrets
they reference; renders them as "weir render" does and publishes the result as
xDS files in <dir>, which Envoy watches (see --write-bootstrap). Writes status
conditions. Runs until SIGTERM.

Options:
      --output-dir <dir>        where to write the xDS files (required)
      --envoy-xds-dir <dir>     the same directory as Envoy sees it (default: --output-dir)
      --write-bootstrap <file>  write Envoy's bootstrap for that directory to <file> at start
      --ready-port <n>          in that bootstrap, a listener on all addresses answering GET /ready
      --kubeconfig <file>       default: in-cluster config, else $KUBECONFIG or ~/.kube/config
      --gateway-class <name>    Gateways of this class are Weir's (default: weir)
      --health-port <n>         /healthz and /readyz on this port (default: none)
      --status <mode>           always | never | lease:<namespace>/<name>; default: a lease
                                weir-status in $POD_NAMESPACE when set, else always
      --debounce-ms <n>         quiet time before rendering a burst of changes (default: 50)
      --wasm, --admin-port, --listener-address, --ca-bundle, --backend-host-override,
      --access-log              as for "weir render" (paths as Envoy sees them)
`;

export function parseRunFlags(argv: string[], env: NodeJS.ProcessEnv, hostname: string): RunConfig | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "output-dir": { type: "string" },
      "envoy-xds-dir": { type: "string" },
      "write-bootstrap": { type: "string" },
      "ready-port": { type: "string" },
      kubeconfig: { type: "string" },
      "gateway-class": { type: "string" },
      "health-port": { type: "string" },
      status: { type: "string" },
      "debounce-ms": { type: "string" },
      ...RENDER_FLAGS,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values["output-dir"]) throw new UsageError("run: --output-dir <dir> is required");
  const outputDir = absolutePath(values["output-dir"]);
  const render = renderOptions(values);
  const debounce = values["debounce-ms"] ?? "50";
  if (!/^\d+$/.test(debounce) || Number(debounce) > 10_000) throw new UsageError("--debounce-ms: must be 0 to 10000");
  return {
    kubeconfig: values.kubeconfig,
    outputDir,
    envoyXdsDir: values["envoy-xds-dir"] ?? outputDir,
    gatewayClass: values["gateway-class"] ?? "weir",
    render,
    bootstrap: values["write-bootstrap"]
      ? { path: absolutePath(values["write-bootstrap"]), readyPort: values["ready-port"] ? parsePort("--ready-port", values["ready-port"]) : undefined }
      : undefined,
    healthPort: values["health-port"] ? parsePort("--health-port", values["health-port"]) : undefined,
    status: parseStatus(values.status, env.POD_NAMESPACE),
    identity: env.POD_NAME || hostname,
    debounceMs: Number(debounce),
  };
}

function parseStatus(text: string | undefined, podNamespace: string | undefined): RunConfig["status"] {
  if (text === undefined) return podNamespace ? { kind: "lease", namespace: podNamespace, name: "weir-status" } : { kind: "always" };
  if (text === "always" || text === "never") return { kind: text };
  const lease = /^lease:([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(text);
  if (lease) return { kind: "lease", namespace: lease[1], name: lease[2] };
  throw new UsageError("--status: must be always, never or lease:<namespace>/<name>");
}
