// Everything the bench runs against: the upstreams (pinned to the load core)
// and one Envoy per variant (pinned to the gateway core), all from a single
// render of bench/manifests/, plus the request each phase sends.

import { join } from "node:path";
import { freePort } from "../../test/support/ports.ts";
import { REPO_ROOT } from "../../test/support/envoy.ts";
import { deriveVariant, renderManifests, type Modules, type Rendered, type VariantKind } from "./configs.ts";
import { startBenchEnvoy, type BenchEnvoy } from "./envoy.ts";
import { LOAD_CORE, startChild, sleep, type Child } from "./procs.ts";

export interface Variant {
  /** Name in the report. */
  name: string;
  kind: VariantKind;
  /** What it shows. */
  about: string;
  envoy: BenchEnvoy;
}

export interface Upstreams {
  fast: number;
  long: number;
  short: number;
  slow: number;
  children: Child[];
}

/** Starts a node script (through tsx) on the load core; resolves with the JSON line it prints when listening. */
async function startScript(script: string, args: string[]): Promise<{ child: Child; info: any }> {
  const child = startChild(LOAD_CORE, process.execPath, ["--import", "tsx", join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = /^\{.*\}$/m.exec(child.output());
    if (line) return { child, info: JSON.parse(line[0]) };
    if (!child.running()) break;
    await sleep(50);
  }
  await child.stop();
  throw new Error(`${script} did not start:\n${child.output()}`);
}

export async function startUpstreams(streamEvents: number, slowEvents: number, slowDelayMs: number): Promise<Upstreams> {
  const fast = await startScript("bench/upstream.ts", []);
  try {
    const mocks = await startScript("bench/stream-mock.ts", [
      "--events", String(streamEvents), "--slow-events", String(slowEvents), "--slow-delay-ms", String(slowDelayMs),
    ]);
    return { fast: fast.info.port, ...mocks.info, children: [fast.child, mocks.child] };
  } catch (err) {
    await fast.child.stop();
    throw err;
  }
}

export function placeholders(up: Upstreams): Record<string, number> {
  return { LISTENER_PORT: 10000, FAST_PORT: up.fast, MOCK_LONG_PORT: up.long, MOCK_SHORT_PORT: up.short, MOCK_SLOW_PORT: up.slow };
}

export function render(files: string[], up: Upstreams, modules: Modules): Rendered {
  return renderManifests(files, placeholders(up), modules.weir, 9901);
}

export interface VariantSpec {
  name: string;
  kind: VariantKind;
  about: string;
  rendered: any;
  logArgs?: string[];
  discardLog?: boolean;
  /** Another build of Weir's module for this variant (kind "weir"; --baseline). */
  module?: string;
}

export async function startVariants(specs: VariantSpec[], modules: Modules): Promise<Variant[]> {
  const started: Variant[] = [];
  try {
    for (const spec of specs) {
      const listenerPort = await freePort();
      const adminPort = await freePort();
      const config = deriveVariant(spec.rendered, spec.kind, spec.module ? { ...modules, weir: spec.module } : modules, listenerPort, adminPort);
      const envoy = await startBenchEnvoy(spec.name, config, listenerPort, adminPort, spec.logArgs, spec.discardLog);
      started.push({ name: spec.name, kind: spec.kind, about: spec.about, envoy });
    }
    return started;
  } catch (err) {
    await Promise.all(started.map((v) => v.envoy.stop()));
    throw err;
  }
}

// ---- what the client sends -------------------------------------------------

/** A chat request of about 1 KiB: a system prompt, two turns, and a little PII for the guards to find. */
export function chatBody(stream: boolean): string {
  const body = {
    model: "gpt-4o",
    ...(stream ? { stream: true } : {}),
    temperature: 0.2,
    max_tokens: 256,
    messages: [
      { role: "system", content: "You are the scheduling assistant of a small engineering team. Be brief and concrete." },
      { role: "user", content: "Can you move the design review for the billing service from Tuesday to Thursday?" },
      { role: "assistant", content: "Sure. Thursday has two free slots: 10:00 and 15:30. Which one works better for the team?" },
      {
        role: "user",
        content: "Take 10:00 and let everyone know. If someone objects they can reach me at dana.whitfield@example.com " +
          "or on (415) 555-0134. Also add a note that the staging database migration must finish before the review, " +
          "and remind Omar to bring the latency numbers from last week's load test. Thanks!",
      },
    ],
  };
  let text = JSON.stringify(body);
  // Pad the last message to exactly 1024 bytes, so the "1 KB chat body" is what it says.
  const pad = 1024 - Buffer.byteLength(text);
  if (pad > 0) {
    body.messages[3].content += " Please keep the invite short and friendly.".repeat(Math.ceil(pad / 43)).slice(0, pad);
    text = JSON.stringify(body);
  }
  return text;
}

export const CLIENT_HEADERS = {
  "content-type": "application/json",
  // Weir replaces the client's key with the backend's; plain Envoy forwards it.
  authorization: "Bearer sk-client-placeholder",
};
