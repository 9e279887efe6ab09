// Describes a request for a log line without ever including a credential value.
import type { RecordedRequest } from "./types.ts";

/** Headers that carry credentials for some provider (or for anything in between). */
const CREDENTIAL_HEADERS = ["authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization", "cookie"];

/** The path with the value of a `key` query parameter (Gemini's alternative to its header) hidden. */
export function redactPath(path: string): string {
  return path.replace(/([?&]key=)[^&#]*/gi, "$1<redacted>");
}

/** e.g. "authorization: <redacted>, anthropic-version: 2023-06-01" (credentials present, by name only). */
export function credentialSummary(headers: Record<string, string>): string {
  const parts = CREDENTIAL_HEADERS.filter((name) => name in headers).map((name) => `${name}: <redacted>`);
  if (headers["anthropic-version"]) parts.push(`anthropic-version: ${headers["anthropic-version"]}`);
  return parts.join(", ");
}

export function logLine(request: RecordedRequest, status: number): string {
  const route = request.route ?? "no route";
  const credentials = credentialSummary(request.headers);
  return `${request.method} ${redactPath(request.path)} -> ${status} (${route})${credentials ? ` ${credentials}` : ""}`;
}
