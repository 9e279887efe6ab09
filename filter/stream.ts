// One HTTP stream through Weir. Callbacks stay thin: find the route's policy,
// hand the work to plain functions, apply the result through abi/host.ts.

import { Context, RootContext, FilterHeadersStatusValues } from "@solo-io/proxy-runtime";
import { RoutePolicy } from "./config/policy";
import { CREDENTIAL_HEADERS, decideCredential } from "./auth";
import { getRequestHeader, removeRequestHeader, setRequestHeader, sendLocalReply } from "./abi/host";

export class WeirStream extends Context {
  /** The policy of the route Envoy picked, or null: the stream then passes untouched. */
  policy: RoutePolicy | null;

  constructor(contextId: u32, root: RootContext, policy: RoutePolicy | null) {
    super(contextId, root);
    this.policy = policy;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const policy = this.policy;
    if (policy === null) return FilterHeadersStatusValues.Continue;
    if (!applyAuth(policy)) return FilterHeadersStatusValues.StopIteration;
    return FilterHeadersStatusValues.Continue;
  }
}

/** Presents the provider credential; false when the request was refused with a local reply. */
function applyAuth(policy: RoutePolicy): bool {
  const auth = policy.auth;
  const decision = decideCredential(policy, getRequestHeader("authorization"), getRequestHeader(auth.header));
  if (decision.header.length == 0) {
    sendLocalReply(401, "weir_missing_credentials",
      policy.provider.errorBody(401, "authentication_error", decision.refusal), "application/json");
    return false;
  }
  for (let i = 0; i < CREDENTIAL_HEADERS.length; i++) removeRequestHeader(CREDENTIAL_HEADERS[i]);
  removeRequestHeader(auth.header);
  setRequestHeader(decision.header, decision.value);
  const versionHeader = policy.provider.versionHeader;
  if (versionHeader.length > 0 && getRequestHeader(versionHeader) === null) {
    setRequestHeader(versionHeader, policy.apiVersion);
  }
  return true;
}
