// The root context: parses the plugin configuration once per (re)configure and
// hands each new stream the policy of the route Envoy chose for it.

import { Context, RootContext } from "@solo-io/proxy-runtime";
import { PluginConfig, RoutePolicy } from "./config/policy";
import { parsePluginConfig } from "./config/parse";
import { getProperty, logError, logInfo, pluginConfiguration } from "./abi/host";
import { WeirStream } from "./stream";

// Envoy ≥ 1.33 exposes the matched route's name here ("route_name" alone was removed).
const ROUTE_NAME_PROPERTY = "xds\0route_name";

export class WeirRoot extends RootContext {
  config: PluginConfig = new PluginConfig();
  /** The route name last looked up and what it found: most streams of a worker hit the same route. */
  private lastRoute: ArrayBuffer = new ArrayBuffer(0);
  private lastPolicy: RoutePolicy | null = null;

  // proxy-runtime's own onConfigure passes the size where a pointer belongs;
  // read the configuration buffer ourselves.
  onConfigure(configurationSize: u32): bool {
    const result = parsePluginConfig(pluginConfiguration(configurationSize));
    if (result.config === null) {
      logError("rejecting plugin configuration: " + result.error);
      return false;
    }
    this.config = result.config!;
    this.lastRoute = new ArrayBuffer(0);
    this.lastPolicy = null;
    logInfo("configured policies for " + this.config.routes.size.toString() + " route(s)");
    return true;
  }

  createContext(contextId: u32): Context {
    return new WeirStream(contextId, this, this.routePolicy());
  }

  protected routePolicy(): RoutePolicy | null {
    if (this.config.routes.size == 0) return null;
    const name = getProperty(ROUTE_NAME_PROPERTY);
    if (name === null) return null;
    if (sameBytes(name, this.lastRoute)) return this.lastPolicy;
    const policy = this.config.policyFor(String.UTF8.decode(name));
    this.lastRoute = name;
    this.lastPolicy = policy;
    return policy;
  }
}

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): bool {
  const n = a.byteLength;
  return n == b.byteLength && n > 0 && memory.compare(changetype<usize>(a), changetype<usize>(b), <usize>n) == 0;
}
