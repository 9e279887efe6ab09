// The typed form of the plugin configuration (controller/ir/plugin-config.ts is
// the JSON contract). Parsed once in onConfigure; request paths only read it.

import { Provider } from "../providers/provider";

export enum AuthMode { Inline, Passthrough }

export class AuthPolicy {
  mode: AuthMode = AuthMode.Inline;
  /** The provider key for Inline; empty for Passthrough. Never logged. */
  key: string = "";
  /** Lower-case header name the key is presented in. */
  header: string = "";
  /** Text before the key, e.g. "Bearer ". */
  prefix: string = "";
}

export const DEFAULT_MAX_REQUEST_BODY_BYTES: i32 = 1 << 20;

export class RoutePolicy {
  routeName: string;
  provider: Provider;
  auth: AuthPolicy;
  model: string = "";
  /** Value for the provider's version header (Anthropic's `anthropic-version`). */
  apiVersion: string = "";
  /** Largest request body the filter buffers; larger requests get 413, never a partial scan. */
  maxRequestBodyBytes: i32 = DEFAULT_MAX_REQUEST_BODY_BYTES;

  constructor(routeName: string, provider: Provider, auth: AuthPolicy) {
    this.routeName = routeName;
    this.provider = provider;
    this.auth = auth;
  }
}

export class PluginConfig {
  routes: Map<string, RoutePolicy> = new Map<string, RoutePolicy>();

  policyFor(routeName: string): RoutePolicy | null {
    if (!this.routes.has(routeName)) return null;
    return this.routes.get(routeName);
  }
}
