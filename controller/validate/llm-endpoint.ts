// One LLM provider endpoint in kgateway's LLMProvider shape, wherever it sits:
// LLMBackend spec.llm, kgateway Backend/Upstream spec.ai.llm, or a multipool
// entry. `{provider: {<kind>: {authToken, ...}}, hostOverride, pathOverride,
// authHeaderOverride}`.
import { hostname, printable } from "../providers/field-checks.ts";
import { isProviderKind, PROVIDERS } from "../providers/registry.ts";
import type { ProviderSettings } from "../providers/provider.ts";
import { validateAuthToken, type SecretLookup } from "./auth-token.ts";
import { child, readMapping, readOptionalText, readPort, readRecord, readString, rejectUnknownFields, tracked, type Report } from "./fields.ts";
import type { LLMEndpoint } from "./resources.ts";

const TLS_PORT = 443;
// RFC 9110 token: the characters a header name may hold.
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A path Envoy can put on the wire and that is safe as a regex_rewrite substitution (no "\").
const FULL_PATH = /^\/[^\s#\\\u0000-\u001f\u007f]*$/;

export function readLLMEndpoint(value: unknown, field: string, reportTo: Report, findSecret: SecretLookup): LLMEndpoint | undefined {
  const { report, failed } = tracked(reportTo);
  const llm = readMapping(value, ["provider", "hostOverride", "pathOverride", "authHeaderOverride"], field, report);
  if (!llm) return undefined;
  const provider = readProvider(llm.provider, child(field, "provider"), report, findSecret);
  const hostOverride = readHostOverride(llm.hostOverride, child(field, "hostOverride"), report);
  const pathOverride = readPathOverride(llm.pathOverride, child(field, "pathOverride"), report);
  const authHeaderOverride = readAuthHeaderOverride(llm.authHeaderOverride, child(field, "authHeaderOverride"), report);
  if (!provider || failed()) return undefined;
  return { field, ...provider, hostOverride, pathOverride, authHeaderOverride };
}

function readProvider(value: unknown, field: string, report: Report, findSecret: SecretLookup) {
  const choice = readRecord(value, field, report, true);
  if (!choice) return undefined;
  const known = Object.keys(PROVIDERS).join(", ");
  const keys = Object.keys(choice);
  for (const key of keys.filter((k) => !isProviderKind(k))) report(child(field, key), `is not a known provider (known: ${known})`);
  const kinds = keys.filter(isProviderKind);
  if (kinds.length !== 1) {
    if (kinds.length > 1) report(field, `must set exactly one provider, found ${kinds.join(", ")}`);
    else if (keys.length === 0) report(field, `must set exactly one provider: ${known}`);
    return undefined;
  }

  const kind = kinds[0];
  const configField = child(field, kind);
  const config = readRecord(choice[kind], configField, report, true);
  if (!config) return undefined;
  const rules = PROVIDERS[kind].fields;
  rejectUnknownFields(config, ["authToken", ...Object.keys(rules)], configField, report);
  const settings: Record<string, string | undefined> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = readString(config[name], child(configField, name), report, rule.required);
    const problem = value === undefined ? undefined : rule.check?.(value);
    if (problem) report(child(configField, name), problem);
    settings[name] = value;
  }
  const authToken = validateAuthToken(config.authToken, child(configField, "authToken"), report, findSecret);
  return authToken && { provider: kind, settings: settings as ProviderSettings, authToken };
}

function readHostOverride(value: unknown, field: string, report: Report) {
  const override = readRecord(value, field, report, false);
  if (!override) return undefined;
  rejectUnknownFields(override, ["host", "port"], field, report);
  const host = readString(override.host, child(field, "host"), report, true);
  const problem = host === undefined ? undefined : hostname(host);
  if (problem) report(child(field, "host"), problem);
  const port = readPort(override.port, child(field, "port"), report, false) ?? TLS_PORT;
  return host === undefined ? undefined : { host, port };
}

function readPathOverride(value: unknown, field: string, report: Report) {
  const override = readRecord(value, field, report, false);
  if (!override) return undefined;
  rejectUnknownFields(override, ["fullPath"], field, report);
  const fullPath = readString(override.fullPath, child(field, "fullPath"), report, true);
  if (fullPath !== undefined && !FULL_PATH.test(fullPath)) {
    report(child(field, "fullPath"), 'must start with "/" and hold no spaces, control characters, "#" or "\\"');
  }
  return fullPath;
}

function readAuthHeaderOverride(value: unknown, field: string, report: Report) {
  const override = readRecord(value, field, report, false);
  if (!override) return undefined;
  rejectUnknownFields(override, ["prefix", "headerName"], field, report);
  const headerName = readString(override.headerName, child(field, "headerName"), report, false);
  if (headerName !== undefined && !HEADER_NAME.test(headerName)) report(child(field, "headerName"), "is not a valid HTTP header name");
  const prefix = readOptionalText(override.prefix, child(field, "prefix"), report);
  const problem = prefix === undefined ? undefined : printable(prefix);
  if (problem) report(child(field, "prefix"), problem);
  return { headerName, prefix };
}
