// Applies a credential decision to the request headers (shared by the
// downstream filter and the per-attempt upstream filter).

import { AuthPolicy } from "./config/policy";
import { Provider } from "./providers/provider";
import { CREDENTIAL_HEADERS, decideCredential } from "./auth";
import { getRequestHeader, removeRequestHeader, sendLocalReply, setRequestHeader } from "./abi/host";

/** Presents the credential `auth` calls for; false when the request was refused (401) instead. */
export function presentCredential(auth: AuthPolicy, provider: Provider): bool {
  const decision = decideCredential(auth, getRequestHeader("authorization"), getRequestHeader(auth.header));
  if (decision.header.length == 0) {
    sendLocalReply(401, "weir_missing_credentials",
      provider.errorBody(401, "authentication_error", decision.refusal), "application/json");
    return false;
  }
  for (let i = 0; i < CREDENTIAL_HEADERS.length; i++) removeRequestHeader(CREDENTIAL_HEADERS[i]);
  removeRequestHeader(auth.header);
  setRequestHeader(decision.header, decision.value);
  return true;
}
