// Parsing and checking of the CLI's option values. Each returns the value or
// throws a UsageError naming the flag.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { DEFAULT_ENVOY_OPTIONS } from "./envoy/options.ts";
import type { HostPort } from "./ir/endpoint.ts";
import type { RenderOptions } from "./pipeline/render.ts";
import { hostname } from "./providers/field-checks.ts";

export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Told by name, not instanceof: `weir run` is bundled on its own (dist/weir-run.js,
 * see build.mjs) with its own copy of the class.
 */
export function isUsageError(e: unknown): boolean {
  return e instanceof Error && e.name === "UsageError";
}

export function parsePort(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new UsageError(`${flag}: must be a port between 1 and 65535`);
  return port;
}

export function parseAddress(flag: string, text: string): string {
  if (isIP(text) === 0) throw new UsageError(`${flag}: must be an IP address, e.g. 0.0.0.0 or 127.0.0.1`);
  return text;
}

export function parseHostPort(flag: string, text: string): HostPort {
  const at = text.lastIndexOf(":");
  const host = text.slice(0, at);
  if (at <= 0 || hostname(host) !== undefined) throw new UsageError(`${flag}: must be host:port, e.g. 127.0.0.1:18443`);
  return { host, port: parsePort(flag, text.slice(at + 1)) };
}

/** Paths are written into the bootstrap absolute, so Envoy finds them whatever its working directory. */
export function absolutePath(text: string): string {
  return resolve(text);
}

/** A file Envoy writes to: absolute, as absolutePath. */
function filePath(flag: string, text: string): string {
  if (text.length === 0) throw new UsageError(`${flag}: must be a file path`);
  return absolutePath(text);
}

/** The render options `weir render`, `weir validate` and `weir run` all take, as parseArgs options. */
export const RENDER_FLAGS = {
  wasm: { type: "string" },
  "admin-port": { type: "string" },
  "listener-address": { type: "string" },
  "ca-bundle": { type: "string" },
  "backend-host-override": { type: "string" },
  "access-log": { type: "string" },
} as const;

export type RenderFlagValues = { [flag in keyof typeof RENDER_FLAGS]?: string };

/** The RenderOptions those flags give, defaults filled in. */
export function renderOptions(values: RenderFlagValues): RenderOptions {
  return {
    wasmPath: absolutePath(values.wasm ?? DEFAULT_ENVOY_OPTIONS.wasmPath),
    adminPort: values["admin-port"] ? parsePort("--admin-port", values["admin-port"]) : DEFAULT_ENVOY_OPTIONS.adminPort,
    listenerAddress: values["listener-address"]
      ? parseAddress("--listener-address", values["listener-address"])
      : DEFAULT_ENVOY_OPTIONS.listenerAddress,
    caBundle: absolutePath(values["ca-bundle"] ?? DEFAULT_ENVOY_OPTIONS.caBundle),
    backendHostOverride: values["backend-host-override"]
      ? parseHostPort("--backend-host-override", values["backend-host-override"])
      : undefined,
    accessLogPath: values["access-log"] === undefined ? undefined : filePath("--access-log", values["access-log"]),
  };
}
