// The same module loaded as an Envoy *upstream* HTTP filter (root_id
// "weir-upstream", on the cluster): it runs once per attempt, after Envoy has
// picked the endpoint, so a multipool failover attempt can present the pool's
// own credentials, model and host. Header changes here cannot re-route.
// The pool comes from the endpoint's metadata `filter_metadata.weir.pool`.

import { Context, FilterHeadersStatusValues, FilterDataStatusValues } from "@solo-io/proxy-runtime";
import { BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { PoolPolicy, RoutePolicy } from "./config/policy";
import { WeirRoot } from "./root";
import { presentCredential } from "./credential";
import { parseJson } from "./json/parse";
import { BodyEditor } from "./json/editor";
import { pinModel } from "./request/model";
import { getPropertyString, readBody, replaceBody, requestHeaders, setRequestHeader } from "./abi/host";
import { collectGarbage } from "./response/memory";

const POOL_PROPERTY = "xds\0upstream_host_metadata\0filter_metadata\0weir\0pool";

export class WeirUpstreamRoot extends WeirRoot {
  createContext(contextId: u32): Context {
    const policy = this.routePolicy();
    let pool: PoolPolicy | null = null;
    if (policy !== null && policy.pools.length > 0) {
      const index = poolIndex(getPropertyString(POOL_PROPERTY));
      if (index >= 0 && index < policy.pools.length) pool = policy.pools[index];
    }
    return new WeirUpstreamStream(contextId, this, policy, pool);
  }
}

/** The decimal pool index, or -1 when absent or malformed (the attempt then passes untouched). */
function poolIndex(text: string): i32 {
  if (text.length == 0 || text.length > 3) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

class WeirUpstreamStream extends Context {
  policy: RoutePolicy | null;
  pool: PoolPolicy | null;
  holdingBody: bool = false;

  constructor(contextId: u32, root: WeirRoot, policy: RoutePolicy | null, pool: PoolPolicy | null) {
    super(contextId, root);
    this.policy = policy;
    this.pool = pool;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatusValues {
    const pool = this.pool;
    if (pool === null) return FilterHeadersStatusValues.Continue;
    const policy = this.policy!;
    if (presentCredential(pool.auth, policy.provider, requestHeaders()) === null) return FilterHeadersStatusValues.StopIteration;
    if (pool.host.length > 0) setRequestHeader(":authority", pool.host);
    if (!endOfStream && pool.model.length > 0 && policy.provider.modelInBody) {
      this.holdingBody = true;
      return FilterHeadersStatusValues.StopIteration;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onDone(): bool {
    return true;
  }

  onLog(): void {
    collectGarbage();
  }

  onRequestBody(bodySize: usize, endOfStream: bool): FilterDataStatusValues {
    if (!this.holdingBody) return FilterDataStatusValues.Continue;
    if (!endOfStream) return FilterDataStatusValues.StopIterationAndBuffer;
    this.holdingBody = false;
    const body = readBody(BufferTypeValues.HttpRequestBody, <u32>bodySize);
    const parsed = parseJson(body);
    // The downstream filter already refused bodies it could not read.
    if (!parsed.ok() || !parsed.value!.isObject()) return FilterDataStatusValues.Continue;
    const editor = new BodyEditor();
    pinModel(parsed.value!, this.pool!.model, editor);
    if (editor.changed) {
      const rewritten = editor.apply(body);
      replaceBody(BufferTypeValues.HttpRequestBody, rewritten);
      setRequestHeader("content-length", rewritten.length.toString());
    }
    return FilterDataStatusValues.Continue;
  }
}
