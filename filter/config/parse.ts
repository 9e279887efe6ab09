// Plugin configuration JSON → PluginConfig. Every refusal names the field
// (e.g. `routes["r1"].auth.mode`) so the Envoy log line that rejects the config
// tells an operator exactly what to fix. Key values never appear in errors.

import { JsonKind, JsonValue } from "../json/value";
import { parseJson } from "../json/parse";
import { jsonQuote } from "../json/string";
import { providerByName, providerNames } from "../providers/registry";
import { DEFAULT_ANTHROPIC_VERSION } from "../providers/anthropic";
import { AuthMode, AuthPolicy, PluginConfig, RoutePolicy } from "./policy";

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
  const routes = root.get("routes");
  if (routes === null || !routes.isObject()) {
    result.error = "routes: expected an object mapping Envoy route names to policies";
    return result;
  }
  const config = new PluginConfig();
  for (let i = 0; i < routes.keys.length; i++) {
    const name = routes.keys[i];
    const where = "routes[" + jsonQuote(name) + "]";
    const errors = new Array<string>(0);
    const policy = parseRoute(name, routes.items[i], where, errors);
    if (errors.length > 0) {
      result.error = errors[0];
      return result;
    }
    config.routes.set(name, policy!);
  }
  result.config = config;
  return result;
}

function parseRoute(name: string, v: JsonValue, where: string, errors: Array<string>): RoutePolicy | null {
  if (!v.isObject()) { errors.push(where + ": expected an object"); return null; }
  const providerName = stringField(v, "provider", where, true, errors);
  if (errors.length > 0) return null;
  const provider = providerByName(providerName);
  if (provider === null) {
    errors.push(where + ".provider: unknown provider " + jsonQuote(providerName) + " (known: " + providerNames() + ")");
    return null;
  }
  const authValue = v.get("auth");
  if (authValue === null || !authValue.isObject()) {
    errors.push(where + ".auth: expected an object");
    return null;
  }
  const auth = new AuthPolicy();
  const mode = stringField(authValue, "mode", where + ".auth", true, errors);
  if (errors.length > 0) return null;
  if (mode == "inline") {
    auth.mode = AuthMode.Inline;
    auth.key = stringField(authValue, "key", where + ".auth", true, errors);
    if (errors.length == 0 && auth.key.length == 0) errors.push(where + ".auth.key: must not be empty for mode \"inline\"");
  } else if (mode == "passthrough") {
    auth.mode = AuthMode.Passthrough;
    if (authValue.get("key") !== null) errors.push(where + ".auth.key: not allowed for mode \"passthrough\"");
  } else {
    errors.push(where + ".auth.mode: expected \"inline\" or \"passthrough\", got " + jsonQuote(mode));
  }
  if (errors.length > 0) return null;
  auth.header = stringField(authValue, "header", where + ".auth", false, errors).toLowerCase();
  if (auth.header.length == 0) auth.header = provider.authHeader;
  if (authValue.get("prefix") !== null) {
    auth.prefix = stringField(authValue, "prefix", where + ".auth", false, errors);
  } else if (auth.header == provider.authHeader) {
    auth.prefix = provider.authPrefix;
  }
  if (errors.length > 0) return null;

  const policy = new RoutePolicy(name, provider, auth);
  policy.model = stringField(v, "model", where, false, errors);
  policy.apiVersion = stringField(v, "anthropicVersion", where, false, errors);
  if (policy.apiVersion.length == 0 && provider.versionHeader.length > 0) policy.apiVersion = DEFAULT_ANTHROPIC_VERSION;
  const limit = v.get("maxRequestBodyBytes");
  if (limit !== null) {
    if (limit.kind != JsonKind.Number || limit.numberValue < 1 || limit.numberValue > 1073741824 || limit.numberValue != Math.floor(limit.numberValue)) {
      errors.push(where + ".maxRequestBodyBytes: expected a whole number of bytes between 1 and 1073741824");
    } else {
      policy.maxRequestBodyBytes = <i32>limit.numberValue;
    }
  }
  if (errors.length > 0) return null;
  return policy;
}

/** A string member; "" when absent and optional. Records an error naming the field otherwise. */
function stringField(obj: JsonValue, key: string, where: string, required: bool, errors: Array<string>): string {
  const v = obj.get(key);
  if (v === null) {
    if (required) errors.push(where + "." + key + ": required");
    return "";
  }
  if (v.kind != JsonKind.String) {
    errors.push(where + "." + key + ": expected a string");
    return "";
  }
  return v.stringValue;
}
