// Plugin configuration JSON → PluginConfig. Every refusal names the field
// (e.g. `routes["r1"].auth.mode`) so the Envoy log line that rejects the config
// tells an operator exactly what to fix. Key values never appear in errors.

import { JsonValue } from "../json/value";
import { parseJson } from "../json/parse";
import { jsonQuote } from "../json/string";
import { providerByName, providerNames } from "../providers/registry";
import { DEFAULT_ANTHROPIC_VERSION } from "../providers/anthropic";
import { AuthMode, AuthPolicy, PluginConfig, PoolPolicy, RoutePolicy } from "./policy";
import { Provider } from "../providers/provider";
import { arrayField, intField, objectField, onlyKnownFields, stringField } from "./fields";
import { parseDefaults, parseEnrichment } from "./body-features";
import { parseRequestGuard, parseResponseGuard } from "./guard";

export class ConfigResult {
  config: PluginConfig | null = null;
  error: string = "";
}

export function parsePluginConfig(bytes: Uint8Array): ConfigResult {
  const result = new ConfigResult();
  if (bytes.length == 0) {
    result.error = "plugin configuration is empty; expected a JSON object with \"routes\"";
    return result;
  }
  const parsed = parseJson(bytes);
  if (!parsed.ok()) {
    result.error = "plugin configuration is not valid JSON: " + parsed.error + " at byte " + parsed.errorOffset.toString();
    return result;
  }
  const root = parsed.value!;
  if (!root.isObject()) {
    result.error = "plugin configuration: expected a JSON object";
    return result;
  }
  const top = new Array<string>(0);
  onlyKnownFields(root, TOP_FIELDS, "plugin configuration", top);
  if (top.length > 0) {
    result.error = top[0];
    return result;
  }
  const routes = root.get("routes");
  if (routes === null || !routes.isObject()) {
    result.error = "routes: expected an object mapping Envoy route names to policies";
    return result;
  }
  const config = new PluginConfig();
  for (let i = 0; i < routes.memberCount(); i++) {
    const name = routes.key(i);
    const errors = new Array<string>(0);
    const policy = parseRoute(name, routes.items[i], "routes[" + jsonQuote(name) + "]", bytes, errors);
    if (errors.length > 0) {
      result.error = errors[0];
      return result;
    }
    config.routes.set(name, policy!);
  }
  result.config = config;
  return result;
}

const TOP_FIELDS = ["routes"];

const ROUTE_FIELDS = [
  "provider", "auth", "model", "anthropicVersion", "maxRequestBodyBytes", "promptGuard", "promptEnrichment", "defaults",
  "pools",
];

function parseRoute(name: string, v: JsonValue, where: string, src: Uint8Array, errors: Array<string>): RoutePolicy | null {
  if (!v.isObject()) { errors.push(where + ": expected an object"); return null; }
  onlyKnownFields(v, ROUTE_FIELDS, where, errors);
  const providerName = stringField(v, "provider", where, true, errors);
  if (errors.length > 0) return null;
  const provider = providerByName(providerName);
  if (provider === null) {
    errors.push(where + ".provider: unknown provider " + jsonQuote(providerName) + " (known: " + providerNames() + ")");
    return null;
  }
  const auth = parseProviderAuth(v, provider, where, errors);
  if (auth === null) return null;

  const policy = new RoutePolicy(name, provider, auth);
  policy.model = stringField(v, "model", where, false, errors);
  policy.apiVersion = stringField(v, "anthropicVersion", where, false, errors);
  if (policy.apiVersion.length == 0 && provider.versionHeader.length > 0) policy.apiVersion = DEFAULT_ANTHROPIC_VERSION;
  policy.maxRequestBodyBytes = intField(v, "maxRequestBodyBytes", where, 1, 1 << 30, policy.maxRequestBodyBytes, errors);
  const guard = objectField(v, "promptGuard", where, errors);
  if (guard !== null) {
    onlyKnownFields(guard, ["request", "response"], where + ".promptGuard", errors);
    const request = objectField(guard, "request", where + ".promptGuard", errors);
    if (request !== null) policy.requestGuard = parseRequestGuard(request, where + ".promptGuard.request", errors);
    const response = objectField(guard, "response", where + ".promptGuard", errors);
    if (response !== null) policy.responseGuard = parseResponseGuard(response, where + ".promptGuard.response", errors);
  }
  const enrichment = objectField(v, "promptEnrichment", where, errors);
  if (enrichment !== null) parseEnrichment(enrichment, where + ".promptEnrichment", policy, errors);
  const defaults = arrayField(v, "defaults", where, errors);
  if (defaults !== null) policy.defaults = parseDefaults(defaults, where + ".defaults", src, errors);
  const pools = arrayField(v, "pools", where, errors);
  if (pools !== null) {
    for (let i = 0; i < pools.items.length; i++) {
      const at = where + ".pools[" + i.toString() + "]";
      const p = pools.items[i];
      if (!p.isObject()) { errors.push(at + ": expected an object"); break; }
      onlyKnownFields(p, ["auth", "model", "host"], at, errors);
      const poolAuth = parseProviderAuth(p, provider, at, errors);
      if (poolAuth === null) break;
      const pool = new PoolPolicy(poolAuth);
      pool.model = stringField(p, "model", at, false, errors);
      pool.host = stringField(p, "host", at, false, errors);
      policy.pools.push(pool);
    }
  }
  if (errors.length > 0) return null;
  return policy;
}

/** `obj.auth`, with the provider's header and prefix where the policy names none. */
function parseProviderAuth(obj: JsonValue, provider: Provider, where: string, errors: Array<string>): AuthPolicy | null {
  const authValue = obj.get("auth");
  if (authValue === null || !authValue.isObject()) {
    errors.push(where + ".auth: expected an object");
    return null;
  }
  const auth = parseAuth(authValue, where + ".auth", errors);
  if (auth === null) return null;
  if (auth.header.length == 0) auth.header = provider.authHeader;
  if (authValue.get("prefix") === null && auth.header == provider.authHeader) auth.prefix = provider.authPrefix;
  return auth;
}

function parseAuth(v: JsonValue, where: string, errors: Array<string>): AuthPolicy | null {
  onlyKnownFields(v, ["mode", "key", "header", "prefix"], where, errors);
  const auth = new AuthPolicy();
  const mode = stringField(v, "mode", where, true, errors);
  if (errors.length > 0) return null;
  if (mode == "inline") {
    auth.mode = AuthMode.Inline;
    auth.key = stringField(v, "key", where, true, errors);
    if (errors.length == 0 && auth.key.length == 0) errors.push(where + ".key: must not be empty for mode \"inline\"");
  } else if (mode == "passthrough") {
    auth.mode = AuthMode.Passthrough;
    if (v.get("key") !== null) errors.push(where + ".key: not allowed for mode \"passthrough\"");
  } else {
    errors.push(where + ".mode: expected \"inline\" or \"passthrough\", got " + jsonQuote(mode));
  }
  auth.header = stringField(v, "header", where, false, errors).toLowerCase();
  auth.prefix = stringField(v, "prefix", where, false, errors);
  if (errors.length > 0) return null;
  return auth;
}
