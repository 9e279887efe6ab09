// kgateway's `spec.ai` (AIPolicy, TrafficPolicy, RoutePolicy): promptGuard,
// promptEnrichment, defaults, routeType. Shapes follow kgateway 2.0's AIPolicy.
// Regex patterns are checked later by the filter's own parser (the wasm
// validation), so that what the controller accepts is what the filter runs.
import type { BuiltinPattern } from "../ir/plugin-config.ts";
import { hostname, printable } from "../providers/field-checks.ts";
import { validateAuthToken, type SecretLookup } from "./auth-token.ts";
import {
  child,
  readBoolean,
  readEnum,
  readInteger,
  readList,
  readMapping,
  readOptionalEnum,
  readPort,
  readRecord,
  readString,
  rejectUnknownFields,
  tracked,
  type Report,
} from "./fields.ts";
import { readValueMatch } from "./route-matches.ts";
import type { AISpec, EnrichmentMessage, FieldDefault, Kind, ModerationSpec, PromptGuardSpec, RegexSpec, WebhookSpec } from "./resources.ts";

const BUILTINS: readonly BuiltinPattern[] = ["SSN", "CREDIT_CARD", "PHONE_NUMBER", "EMAIL"];
const ANY_VALUE = [".*", "^.*$"];
/** Weir's extension of kgateway's promptGuard.response: how streamed answers are masked. */
const STREAM_OPTIONS = ["streamHoldBackBytes", "streamOverflow"] as const;
const MAX_HOLD_BACK = 1 << 20;

/** `kind`: the policy's; only Weir's own AIPolicy takes Weir's extensions. */
export function readAISpec(value: unknown, field: string, reportTo: Report, findSecret: SecretLookup, kind: Kind): AISpec | undefined {
  const { report, failed } = tracked(reportTo);
  const ai = readMapping(value, ["promptGuard", "promptEnrichment", "defaults", "routeType"], field, report);
  if (!ai) return undefined;
  const spec: AISpec = {
    field,
    routeType: readEnum(ai.routeType, ["CHAT", "CHAT_STREAMING"], child(field, "routeType"), report, "CHAT") ?? "CHAT",
  };
  if (ai.promptGuard != null) spec.promptGuard = readPromptGuard(ai.promptGuard, child(field, "promptGuard"), report, findSecret, kind);
  if (ai.promptEnrichment != null) spec.promptEnrichment = readEnrichment(ai.promptEnrichment, child(field, "promptEnrichment"), report);
  if (ai.defaults != null) spec.defaults = readDefaults(ai.defaults, child(field, "defaults"), report);
  return failed() ? undefined : spec;
}

function readPromptGuard(value: unknown, field: string, report: Report, findSecret: SecretLookup, kind: Kind): PromptGuardSpec {
  const guard = readMapping(value, ["request", "response"], field, report) ?? {};
  const spec: PromptGuardSpec = {};
  const request = readRecord(guard.request, child(field, "request"), report, false);
  if (request) {
    const at = (key: string) => child(child(field, "request"), key);
    rejectUnknownFields(request, ["customResponse", "regex", "webhook", "moderation"], child(field, "request"), report);
    spec.request = {};
    if (request.regex != null) spec.request.regex = readRegex(request.regex, at("regex"), report);
    if (request.webhook != null) spec.request.webhook = readWebhook(request.webhook, at("webhook"), report);
    if (request.moderation != null) spec.request.moderation = readModeration(request.moderation, at("moderation"), report, findSecret);
    if (request.customResponse != null) spec.request.customResponse = readCustomResponse(request.customResponse, at("customResponse"), report);
  }
  const response = readRecord(guard.response, child(field, "response"), report, false);
  if (response) {
    const at = (key: string) => child(child(field, "response"), key);
    // The stream options are reported by readStreamOptions, whatever the kind.
    const kgatewayPart = Object.fromEntries(Object.entries(response).filter(([key]) => !(STREAM_OPTIONS as readonly string[]).includes(key)));
    const known = kind === "AIPolicy" ? ["regex", "webhook", ...STREAM_OPTIONS] : ["regex", "webhook"];
    rejectUnknownFields(kgatewayPart, known, child(field, "response"), report);
    spec.response = {};
    if (response.regex != null) {
      spec.response.regex = readRegex(response.regex, at("regex"), report);
      // As in kgateway, response matches are always masked: a REJECT here would be silently ignored.
      if (spec.response.regex.action === "REJECT") report(child(at("regex"), "action"), "must be MASK: response guards mask, they cannot reject");
    }
    if (response.webhook != null) spec.response.webhook = readWebhook(response.webhook, at("webhook"), report);
    Object.assign(spec.response, readStreamOptions(response, child(field, "response"), report, kind));
  }
  return spec;
}

// kgateway's own kinds refuse the extension rather than take it: their CRDs
// have no such field, so the API server would drop it, and `weir run` would
// serve without what `weir render` of the same manifest honours.
function readStreamOptions(response: Record<string, unknown>, field: string, report: Report, kind: Kind): NonNullable<PromptGuardSpec["response"]> {
  const given = STREAM_OPTIONS.filter((key) => response[key] != null);
  if (given.length === 0) return {};
  if (kind !== "AIPolicy") {
    for (const key of given) report(child(field, key), `is a Weir extension, not a field of kgateway's ${kind}: set it in a weir.dev AIPolicy`);
    return {};
  }
  // The hold-back bounds what the regex masker keeps while a match may be under way; without a regex nothing is held.
  if (response.regex == null) for (const key of given) report(child(field, key), "applies to the regex in streamed answers: set regex too");
  const holdBack = readInteger(response.streamHoldBackBytes, child(field, "streamHoldBackBytes"), report, 64, MAX_HOLD_BACK);
  const overflow = readOptionalEnum(response.streamOverflow, ["mask", "error"], child(field, "streamOverflow"), report);
  return { ...(holdBack === undefined ? {} : { streamHoldBackBytes: holdBack }), ...(overflow === undefined ? {} : { streamOverflow: overflow }) };
}

function readRegex(value: unknown, field: string, report: Report): RegexSpec {
  const regex = readMapping(value, ["matches", "builtins", "action"], field, report) ?? {};
  const matches = readList(regex.matches, child(field, "matches"), report).flatMap((item, i) => {
    const at = child(child(field, "matches"), i);
    const match = readMapping(item, ["pattern", "name"], at, report);
    if (!match) return [];
    const pattern = readString(match.pattern, child(at, "pattern"), report, true);
    const name = readString(match.name, child(at, "name"), report, false);
    const problem = name === undefined ? undefined : printable(name);
    if (problem) report(child(at, "name"), problem);
    return pattern === undefined ? [] : [name === undefined ? { pattern } : { pattern, name }];
  });
  const builtins = readList(regex.builtins, child(field, "builtins"), report).flatMap(
    (item, i) => readEnum(item, BUILTINS, child(child(field, "builtins"), i), report) ?? [],
  );
  if (matches.length === 0 && builtins.length === 0 && regex.matches == null && regex.builtins == null) {
    report(field, "must set matches or builtins");
  }
  const action = readEnum(regex.action, ["MASK", "REJECT"], child(field, "action"), report, "MASK") ?? "MASK";
  return { action, matches, builtins };
}

function readWebhook(value: unknown, field: string, report: Report): WebhookSpec | undefined {
  const webhook = readMapping(value, ["endpoint", "forwardHeaderMatches"], field, report);
  if (!webhook) return undefined;
  const endpointField = child(field, "endpoint");
  const endpoint = readMapping(webhook.endpoint, ["host", "port"], endpointField, report) ?? {};
  const host = readString(endpoint.host, child(endpointField, "host"), report, true);
  const problem = host === undefined ? undefined : hostname(host);
  if (problem) report(child(endpointField, "host"), problem);
  const port = readPort(endpoint.port, child(endpointField, "port"), report, true);
  const matchesField = child(field, "forwardHeaderMatches");
  const forwardHeaderMatches = readList(webhook.forwardHeaderMatches, matchesField, report).flatMap((item, i) => {
    const match = readValueMatch(item, child(matchesField, i), report, "header");
    // The filter forwards headers by name; a match on the value would be
    // silently widened to every value, so only "any value" is accepted.
    if (match && !(match.type === "RegularExpression" && ANY_VALUE.includes(match.value))) {
      report(
        child(matchesField, i),
        'matching header values is not supported yet: headers are forwarded by name (write type: RegularExpression, value: ".*")',
      );
      return [];
    }
    return match ? [match] : [];
  });
  return host === undefined || port === undefined ? undefined : { host, port, forwardHeaderMatches };
}

function readModeration(value: unknown, field: string, report: Report, findSecret: SecretLookup): ModerationSpec | undefined {
  const moderation = readMapping(value, ["openAIModeration"], field, report);
  if (!moderation) return undefined;
  const openaiField = child(field, "openAIModeration");
  const openai = readMapping(moderation.openAIModeration, ["authToken", "model"], openaiField, report);
  if (!openai) return undefined;
  const model = readString(openai.model, child(openaiField, "model"), report, false);
  const authToken = validateAuthToken(openai.authToken, child(openaiField, "authToken"), report, findSecret);
  // The moderation call is the gateway's own, so it needs the gateway's own key.
  if (authToken?.kind === "Passthrough") {
    report(child(child(openaiField, "authToken"), "kind"), "must be Inline or SecretRef: the moderation call is made with the gateway's key");
    return undefined;
  }
  return authToken && (model === undefined ? { authToken } : { model, authToken });
}

function readCustomResponse(value: unknown, field: string, report: Report) {
  const response = readMapping(value, ["message", "statusCode"], field, report) ?? {};
  const message = readString(response.message, child(field, "message"), report, false);
  const statusCode = readInteger(response.statusCode, child(field, "statusCode"), report, 200, 599);
  return { ...(message === undefined ? {} : { message }), ...(statusCode === undefined ? {} : { statusCode }) };
}

function readEnrichment(value: unknown, field: string, report: Report) {
  const enrichment = readMapping(value, ["prepend", "append"], field, report) ?? {};
  const messages = (key: string): EnrichmentMessage[] =>
    readList(enrichment[key], child(field, key), report).flatMap((item, i) => {
      const at = child(child(field, key), i);
      const message = readMapping(item, ["role", "content"], at, report);
      if (!message) return [];
      const role = readString(message.role, child(at, "role"), report, true);
      const content = readString(message.content, child(at, "content"), report, true);
      return role === undefined || content === undefined ? [] : [{ role, content }];
    });
  return { prepend: messages("prepend"), append: messages("append") };
}

function readDefaults(value: unknown, field: string, report: Report): FieldDefault[] {
  return readList(value, field, report).flatMap((item, i) => {
    const at = child(field, i);
    const entry = readMapping(item, ["field", "value", "override"], at, report);
    if (!entry) return [];
    const name = readString(entry.field, child(at, "field"), report, true);
    if (entry.value === undefined || entry.value === null) report(child(at, "value"), "is required");
    const override = readBoolean(entry.override, child(at, "override"), report) ?? false;
    return name === undefined || entry.value == null ? [] : [{ field: name, value: defaultValue(entry.value), override }];
  });
}

// kgateway 2.0 carries the value as text ("0.5", "[1,2,3]", "answer in French"):
// text that is JSON is that JSON value, any other text is a string. Values
// written as YAML numbers, lists or maps are taken as they are.
function defaultValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
