// One HTTP stream through Weir. Callbacks stay thin: find the route's policy,
// hand the work to plain functions, apply the result through abi/host.ts.

import {
  Context, RootContext, FilterHeadersStatusValues, FilterDataStatusValues, FilterTrailersStatusValues,
} from "@solo-io/proxy-runtime";
import { BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { AuthMode, RoutePolicy } from "./config/policy";
import { isDroppedCredential, presentCredential } from "./credential";
import { needsRequestBody, onlyForStreamUsage, RequestPipeline } from "./request/pipeline";
import { RequestOutcome } from "./request/outcome";
import { ResponsePhase } from "./response/phase";
import { collectGarbage } from "./response/memory";
import {
  HeaderPairs, requestHeaders, removeRequestHeader, setRequestHeader, sendLocalReply, readBody, replaceBody,
  dispatchHttpCall, httpCallStatus, httpCallBody, continueRequest, logWarn,
} from "./abi/host";
import { reportRequestGuard } from "./usage/report";

export class WeirStream extends Context {
  /** The policy of the route Envoy picked, or null: the stream then passes untouched. */
  policy: RoutePolicy | null;
  /** Whether the request body is being held for the body phase. */
  holdingRequestBody: bool = false;
  /** The request-body phase, while it runs (it may wait for guard http_calls). */
  pipeline: RequestPipeline | null = null;
  /** Set once Envoy is done with the stream: late http_call replies are dropped. */
  finished: bool = false;
  /** The response side: masking (whole bodies and streams), usage, metrics (response/phase.ts). */
  response: ResponsePhase = new ResponsePhase(onResponseWebhookReply);

  constructor(contextId: u32, root: RootContext, policy: RoutePolicy | null) {
    super(contextId, root);
    this.policy = policy;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const policy = this.policy;
    if (policy === null) return FilterHeadersStatusValues.Continue;
    // One host call for every header; the decisions below are made on this copy.
    const headers = requestHeaders();
    const credential = applyAuth(policy, headers);
    if (credential === null) return FilterHeadersStatusValues.StopIteration;
    // The filter cannot inflate a compressed response: ask for plain text, so
    // guards can read it and usage can be counted from it.
    if (headers.has("accept-encoding")) removeRequestHeader("accept-encoding");
    if (!endOfStream && needsRequestBody(policy)) {
      // Hold the headers until the body is rewritten, so content-length can
      // still be corrected before anything reaches the provider.
      this.holdingRequestBody = true;
      const pipeline = new RequestPipeline(policy);
      captureForwardedHeaders(policy, pipeline, headers, credential);
      this.pipeline = pipeline;
      return FilterHeadersStatusValues.StopIteration;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onRequestBody(bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    const policy = this.policy;
    if (policy === null || !this.holdingRequestBody) return FilterDataStatusValues.Continue;
    if (bodySize > <usize>policy.maxRequestBodyBytes) {
      this.holdingRequestBody = false;
      // Held only to ask for stream usage (usage/request.ts): too large to hold, it goes as it is.
      if (onlyForStreamUsage(policy)) { this.pipeline = null; return FilterDataStatusValues.Continue; }
      sendLocalReply(413, "weir_request_too_large", policy.provider.errorBody(413, "request_too_large",
        "request body exceeds " + policy.maxRequestBodyBytes.toString() + " bytes"), "application/json");
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    if (!endOfStream) return FilterDataStatusValues.StopIterationAndBuffer;
    this.holdingRequestBody = false;
    const pipeline = this.pipeline!;
    pipeline.start(readBody(BufferTypeValues.HttpRequestBody, <u32>bodySize));
    return this.runPipeline(pipeline, false);
  }

  /**
   * Drives the request pipeline until it finishes or waits for an http_call.
   * `resumed` is true from an http_call reply, where the stream must be
   * continued explicitly instead of by the callback's return value.
   */
  runPipeline(pipeline: RequestPipeline, resumed: bool): FilterDataStatusValues {
    const policy = this.policy!;
    const call = pipeline.call;
    if (call !== null) {
      if (dispatchHttpCall(this, call.cluster, call.headers, call.body, call.timeoutMs, onGuardCallReply)) {
        return FilterDataStatusValues.StopIterationAndBuffer;
      }
      // Envoy refused the call outright (e.g. an unknown cluster): a failed call.
      pipeline.resume(0, new Uint8Array(0));
      return this.runPipeline(pipeline, resumed);
    }
    if (pipeline.callFailure.length > 0) logWarn("route " + policy.routeName + ": " + pipeline.callFailure + "; failing open");
    if (pipeline.guardOutcome.length > 0) reportRequestGuard(policy.metrics, pipeline.model, pipeline.guardOutcome);
    this.pipeline = null;
    this.response.addedStreamUsage = pipeline.addedStreamUsage;
    const outcome = pipeline.outcome!;
    if (outcome.status != 0) {
      refuse(policy, outcome);
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    const body = outcome.body;
    if (body !== null) {
      replaceBody(BufferTypeValues.HttpRequestBody, body);
      setRequestHeader("content-length", body.length.toString());
    }
    if (resumed) continueRequest();
    return FilterDataStatusValues.Continue;
  }

  onDone(): bool {
    this.finished = true;
    return true;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const policy = this.policy;
    if (policy === null) return FilterHeadersStatusValues.Continue;
    return this.response.onHeaders(policy, endOfStream);
  }

  onResponseBody(bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    const policy = this.policy;
    if (policy === null) return FilterDataStatusValues.Continue;
    return this.response.onBody(this, policy, bodySize, endOfStream);
  }

  onResponseTrailers(trailerCount: u32): FilterTrailersStatusValues {
    const policy = this.policy;
    if (policy !== null) this.response.onTrailers(policy);
    return FilterTrailersStatusValues.Continue;
  }

  onLog(): void {
    const policy = this.policy;
    if (policy !== null) this.response.onLog(policy);
    // AssemblyScript 0.17's runtime never runs its cycle collector by itself:
    // without this, every object whose count once dropped to non-zero (JSON
    // trees, contexts) stays allocated and the VM's memory only grows.
    collectGarbage();
  }
}

/** The response webhook's reply resumes the held response. */
function onResponseWebhookReply(origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32): void {
  const stream = origin as WeirStream;
  const policy = stream.policy;
  if (stream.finished || policy === null) return;
  stream.response.resumeWebhook(policy, httpCallStatus(headerCount), httpCallBody(<u32>bodySize));
}

/** The reply to a guard's http_call (webhook or moderation) resumes the request pipeline. */
function onGuardCallReply(origin: Context, headerCount: u32, bodySize: usize, trailerCount: u32): void {
  const stream = origin as WeirStream;
  const pipeline = stream.pipeline;
  if (stream.finished || pipeline === null) return;
  pipeline.resume(httpCallStatus(headerCount), httpCallBody(<u32>bodySize));
  stream.runPipeline(pipeline, true);
}

function refuse(policy: RoutePolicy, outcome: RequestOutcome): void {
  sendLocalReply(outcome.status, "weir_request_refused",
    policy.provider.errorBody(outcome.status, outcome.kind, outcome.message), "application/json");
}

/**
 * Webhooks may forward client headers; they are readable only while the request
 * headers are. They are forwarded as they stand after Weir's own header edits
 * (the headers were read once, before them): the credential header carries
 * the client's key on a passthrough route and is never forwarded on a route
 * with a gateway-held key, other client credentials and accept-encoding are
 * gone, a missing version header has the policy's.
 */
function captureForwardedHeaders(policy: RoutePolicy, pipeline: RequestPipeline, headers: HeaderPairs, credential: string): void {
  const guard = policy.requestGuard;
  if (guard === null || guard.webhook === null) return;
  const names = guard.webhook!.forwardHeaders;
  const versionHeader = policy.provider.versionHeader;
  const forwarded = new Array<string>(0);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let value: string | null = null;
    if (name == policy.auth.header) {
      // The client's own key (passthrough) goes where the operator asked; the
      // gateway's provider key never leaves for a webhook.
      if (policy.auth.mode != AuthMode.Passthrough) continue;
      value = credential;
    } else if (name == "accept-encoding" || isDroppedCredential(policy.auth, name)) continue;
    else value = headers.get(name);
    if (value === null && name == versionHeader && versionHeader.length > 0) value = policy.apiVersion;
    if (value === null) continue;
    forwarded.push(name);
    forwarded.push(value);
  }
  pipeline.forwardedHeaders = forwarded;
}

/** Presents the provider credential: the value set, or null when the request was refused with a local reply. */
function applyAuth(policy: RoutePolicy, headers: HeaderPairs): string | null {
  const credential = presentCredential(policy.auth, policy.provider, headers);
  if (credential === null) return null;
  const versionHeader = policy.provider.versionHeader;
  if (versionHeader.length > 0 && !headers.has(versionHeader)) {
    setRequestHeader(versionHeader, policy.apiVersion);
  }
  return credential;
}
