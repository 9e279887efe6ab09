// One HTTP stream through Weir. Callbacks stay thin: find the route's policy,
// hand the work to plain functions, apply the result through abi/host.ts.

import {
  Context, RootContext, FilterHeadersStatusValues, FilterDataStatusValues,
} from "@solo-io/proxy-runtime";
import { BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { RoutePolicy } from "./config/policy";
import { CREDENTIAL_HEADERS, decideCredential } from "./auth";
import { needsRequestBody, processRequestBody } from "./request/body";
import { maskResponseBody } from "./response/guard";
import {
  getRequestHeader, removeRequestHeader, setRequestHeader, sendLocalReply, readBody, replaceBody,
  getResponseHeader, setResponseHeader,
} from "./abi/host";

export class WeirStream extends Context {
  /** The policy of the route Envoy picked, or null: the stream then passes untouched. */
  policy: RoutePolicy | null;
  /** Whether the request body is being held for the body phase. */
  holdingRequestBody: bool = false;
  /** Whether the response body is being buffered for the response guard. */
  holdingResponseBody: bool = false;

  constructor(contextId: u32, root: RootContext, policy: RoutePolicy | null) {
    super(contextId, root);
    this.policy = policy;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const policy = this.policy;
    if (policy === null) return FilterHeadersStatusValues.Continue;
    if (!applyAuth(policy)) return FilterHeadersStatusValues.StopIteration;
    // The filter cannot inflate a compressed response, so ask for plain text.
    if (policy.responseGuard !== null) removeRequestHeader("accept-encoding");
    if (!endOfStream && needsRequestBody(policy)) {
      // Hold the headers until the body is rewritten, so content-length can
      // still be corrected before anything reaches the provider.
      this.holdingRequestBody = true;
      return FilterHeadersStatusValues.StopIteration;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onRequestBody(bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    const policy = this.policy;
    if (policy === null || !this.holdingRequestBody) return FilterDataStatusValues.Continue;
    if (bodySize > <usize>policy.maxRequestBodyBytes) {
      this.holdingRequestBody = false;
      sendLocalReply(413, "weir_request_too_large", policy.provider.errorBody(413, "request_too_large",
        "request body exceeds " + policy.maxRequestBodyBytes.toString() + " bytes"), "application/json");
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    if (!endOfStream) return FilterDataStatusValues.StopIterationAndBuffer;
    this.holdingRequestBody = false;
    const outcome = processRequestBody(policy, readBody(BufferTypeValues.HttpRequestBody, <u32>bodySize));
    if (outcome.status != 0) {
      sendLocalReply(outcome.status, "weir_request_refused",
        policy.provider.errorBody(outcome.status, outcome.kind, outcome.message), "application/json");
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    const body = outcome.body;
    if (body !== null) {
      replaceBody(BufferTypeValues.HttpRequestBody, body);
      setRequestHeader("content-length", body.length.toString());
    }
    return FilterDataStatusValues.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const policy = this.policy;
    if (policy === null || policy.responseGuard === null || endOfStream) return FilterHeadersStatusValues.Continue;
    const contentType = getResponseHeader("content-type");
    if (contentType !== null && contentType.includes("text/event-stream")) return FilterHeadersStatusValues.Continue;
    // Hold the headers until the body is masked, so content-length stays true.
    this.holdingResponseBody = true;
    return FilterHeadersStatusValues.StopIteration;
  }

  onResponseBody(bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    const policy = this.policy;
    if (policy === null || !this.holdingResponseBody) return FilterDataStatusValues.Continue;
    if (!endOfStream) return FilterDataStatusValues.StopIterationAndBuffer;
    this.holdingResponseBody = false;
    const result = maskResponseBody(policy.responseGuard!, policy.provider, readBody(BufferTypeValues.HttpResponseBody, <u32>bodySize));
    const body = result.body;
    if (body !== null) {
      replaceBody(BufferTypeValues.HttpResponseBody, body);
      setResponseHeader("content-length", body.length.toString());
    }
    return FilterDataStatusValues.Continue;
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
