// Secrets hold backend keys. Only their shape is checked here; whether a
// backend finds a usable key in one is checked with the backend.
import { child, readRecord, tracked, type Report } from "./fields.ts";
import type { IdentifiedObject } from "./identify.ts";
import type { Secret } from "./resources.ts";

/** The Secret key an LLMBackend's SecretRef token is read from (as in kgateway). */
export const AUTHORIZATION_KEY = "Authorization";

// Kubernetes encodes `data` with standard, padded base64.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function validateSecret({ meta, object }: IdentifiedObject, reportTo: Report): Secret | undefined {
  const { report: invalid, failed } = tracked(reportTo);
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(readRecord(object.data, "data", invalid, false) ?? {})) {
    if (typeof value !== "string" || !BASE64.test(value)) invalid(child("data", key), "is not valid base64");
    else data[key] = Buffer.from(value, "base64").toString("utf8");
  }
  for (const [key, value] of Object.entries(readRecord(object.stringData, "stringData", invalid, false) ?? {})) {
    if (typeof value !== "string") invalid(child("stringData", key), "must be a string");
    else data[key] = value;
  }
  return failed() ? undefined : { meta, data };
}

/**
 * The key a Secret holds for an LLMBackend: its "Authorization" entry without
 * a leading "Bearer " (the provider's prefix is added back by the filter) and
 * without surrounding whitespace (`echo key | base64` leaves a newline).
 */
export function authorizationToken(secret: Secret): string | undefined {
  const value = secret.data[AUTHORIZATION_KEY];
  return value === undefined ? undefined : value.replace(/^\s*Bearer(\s+|$)/i, "").trim();
}
