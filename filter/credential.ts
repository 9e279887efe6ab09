// Applies a credential decision to the request headers (shared by the
// downstream filter and the per-attempt upstream filter).
//
// The headers come in read once (abi/host.ts HeaderPairs): only credential
// headers that are present are removed, and the one the provider reads is
// replaced in place when the client sent it once. Every request-header
// mutation is a host call, and each makes Envoy clear its route cache.

import { AuthMode, AuthPolicy } from "./config/policy";
import { Provider } from "./providers/provider";
import { CREDENTIAL_HEADERS, decideCredential } from "./auth";
import { HeaderPairs, removeRequestHeader, sendLocalReply, setRequestHeader } from "./abi/host";

/**
 * Presents the credential `auth` calls for: the value set in `auth.header`,
 * or null when the request was refused (401) instead.
 */
export function presentCredential(auth: AuthPolicy, provider: Provider, headers: HeaderPairs): string | null {
  // An inline key needs nothing the client sent: its headers are only dropped.
  let authorization: string | null = null;
  let native: string | null = null;
  if (auth.mode != AuthMode.Inline) {
    authorization = headers.get("authorization");
    native = headers.get(auth.header);
  }
  const decision = decideCredential(auth, authorization, native);
  if (decision.header.length == 0) {
    sendLocalReply(401, "weir_missing_credentials",
      provider.errorBody(401, "authentication_error", decision.refusal), "application/json");
    return null;
  }
  let listed = false;
  for (let i = 0; i < CREDENTIAL_HEADERS.length; i++) {
    const name = CREDENTIAL_HEADERS[i];
    if (name == auth.header) listed = true;
    dropClientCredential(headers, name, decision.header);
  }
  if (!listed) dropClientCredential(headers, auth.header, decision.header);
  setRequestHeader(decision.header, decision.value);
  return decision.value;
}

/** Whether `name` is a header presentCredential removes (a client credential other than the one it sets). */
export function isDroppedCredential(auth: AuthPolicy, name: string): bool {
  if (name == auth.header) return false;
  for (let i = 0; i < CREDENTIAL_HEADERS.length; i++) {
    if (CREDENTIAL_HEADERS[i] == name) return true;
  }
  return false;
}

/**
 * Removes a client credential header when present. The header about to be set
 * is left to the replace that follows when the client sent it once (a
 * replace overwrites it); sent more than once, it is removed first, so no
 * client value survives next to the provider's.
 */
function dropClientCredential(headers: HeaderPairs, name: string, replaced: string): void {
  const n = headers.count(name);
  if (n == 0) return;
  if (n == 1 && name == replaced) return;
  removeRequestHeader(name);
}
