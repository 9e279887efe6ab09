// Header auth: which credential reaches the provider. Pure logic; stream.ts
// applies the decision to the request headers.
//
// Every client-sent credential header is removed before the provider's own is
// set, so a client can never smuggle its own key past an inline policy.

import { AuthMode, AuthPolicy } from "./config/policy";

/** Headers that carry provider credentials in any supported provider's API. */
export const CREDENTIAL_HEADERS: Array<string> = ["authorization", "api-key", "x-api-key", "x-goog-api-key"];

export class CredentialDecision {
  /** Header to set, lower-case; empty when the request must be refused. */
  header: string = "";
  /** Full header value (prefix + key). */
  value: string = "";
  /** Why the request is refused (no key value in it). */
  refusal: string = "";
}

/**
 * `authorization` and `native` are the client's Authorization header and the
 * header the provider reads, or null when absent.
 */
export function decideCredential(auth: AuthPolicy, authorization: string | null, native: string | null): CredentialDecision {
  const decision = new CredentialDecision();
  if (auth.mode == AuthMode.Inline) {
    decision.header = auth.header;
    decision.value = auth.inlineHeaderValue();
    return decision;
  }
  let key = bearerToken(authorization);
  if (key.length == 0 && native !== null) key = stripPrefix(native, auth.prefix);
  if (key.length == 0) {
    decision.refusal = "missing API key: send it as 'Authorization: Bearer <key>'";
    return decision;
  }
  decision.header = auth.header;
  decision.value = auth.prefix + key;
  return decision;
}

/** The token of `Bearer <token>` (scheme case-insensitive), or "". */
export function bearerToken(value: string | null): string {
  if (value === null) return "";
  const v = value.trim();
  if (v.length < 7 || v.substring(0, 7).toLowerCase() != "bearer ") return "";
  return v.substring(7).trim();
}

function stripPrefix(value: string, prefix: string): string {
  const v = value.trim();
  if (prefix.length > 0 && v.startsWith(prefix.trim())) return v.substring(prefix.trim().length).trim();
  return v;
}
