// Parsing and checking of the CLI's option values. Each returns the value or
// throws a UsageError naming the flag.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { hostname } from "./providers/field-checks.ts";
import type { HostPort } from "./ir/endpoint.ts";

export class UsageError extends Error {}

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
