// promptGuard (kgateway's shape) → compiled guards. Every pattern is compiled
// here, once per configuration, by the same engine that scans requests, so a
// pattern the filter cannot run is refused at configure time with its field
// and position — never discovered on a request.

import { JsonValue } from "../json/value";
import { jsonQuote } from "../json/string";
import { compileGuardSet } from "../guard/builtins";
import { arrayField, intField, objectField, onlyKnownFields, stringField } from "./fields";
import { CallGuard, GuardAction, ModerationGuard, RequestGuard, ResponseGuard, WebhookGuard } from "./policy";
import { PatternSet } from "../guard/regex/pattern-set";

const BUILTIN_NAMES = ["SSN", "CREDIT_CARD", "EMAIL", "PHONE_NUMBER"];

export function parseRequestGuard(v: JsonValue, where: string, errors: Array<string>): RequestGuard | null {
  onlyKnownFields(v, ["regex", "webhook", "moderation", "customResponse", "invalidBody"], where, errors);
  const guard = new RequestGuard();
  const regex = objectField(v, "regex", where, errors);
  if (regex !== null) {
    guard.patterns = parseRegexGuard(regex, where + ".regex", errors);
    const action = stringField(regex, "action", where + ".regex", false, errors);
    if (action == "REJECT") guard.action = GuardAction.Reject;
    else if (action != "" && action != "MASK") errors.push(where + ".regex.action: expected \"MASK\" or \"REJECT\", got " + jsonQuote(action));
  }
  const webhook = objectField(v, "webhook", where, errors);
  if (webhook !== null) guard.webhook = parseWebhook(webhook, where + ".webhook", errors);
  const moderation = objectField(v, "moderation", where, errors);
  if (moderation !== null) guard.moderation = parseModeration(moderation, where + ".moderation", errors);
  if (errors.length == 0 && regex === null && webhook === null && moderation === null) {
    errors.push(where + ": needs at least one of \"regex\", \"webhook\" or \"moderation\"");
  }
  const custom = objectField(v, "customResponse", where, errors);
  if (custom !== null) {
    onlyKnownFields(custom, ["message", "statusCode"], where + ".customResponse", errors);
    const message = stringField(custom, "message", where + ".customResponse", false, errors);
    if (message.length > 0) guard.rejectMessage = message;
    guard.rejectStatus = intField(custom, "statusCode", where + ".customResponse", 200, 599, guard.rejectStatus, errors);
  }
  const invalidBody = stringField(v, "invalidBody", where, false, errors);
  if (invalidBody == "pass") guard.passInvalidBody = true;
  else if (invalidBody != "" && invalidBody != "reject") errors.push(where + ".invalidBody: expected \"reject\" or \"pass\"");
  if (errors.length > 0) return null;
  return guard;
}

export function parseResponseGuard(v: JsonValue, where: string, errors: Array<string>): ResponseGuard | null {
  onlyKnownFields(v, ["regex", "webhook", "streamHoldBackBytes", "streamOverflow"], where, errors);
  const guard = new ResponseGuard();
  // Streaming options (filter/streaming/): the hold-back bound and what happens past it.
  guard.holdBackBytes = intField(v, "streamHoldBackBytes", where, 64, 1 << 20, guard.holdBackBytes, errors);
  const overflow = stringField(v, "streamOverflow", where, false, errors);
  if (overflow == "error") guard.overflowError = true;
  else if (overflow != "" && overflow != "mask") errors.push(where + ".streamOverflow: expected \"mask\" or \"error\", got " + jsonQuote(overflow));
  const regex = objectField(v, "regex", where, errors);
  if (regex !== null) guard.patterns = parseRegexGuard(regex, where + ".regex", errors);
  const webhook = objectField(v, "webhook", where, errors);
  if (webhook !== null) guard.webhook = parseWebhook(webhook, where + ".webhook", errors);
  if (errors.length == 0 && regex === null && webhook === null) {
    errors.push(where + ": needs at least one of \"regex\" or \"webhook\"");
  }
  if (errors.length > 0) return null;
  return guard;
}

function parseWebhook(v: JsonValue, where: string, errors: Array<string>): WebhookGuard {
  onlyKnownFields(v, ["cluster", "authority", "forwardHeaders", "timeoutMs", "failureMode"], where, errors);
  const guard = new WebhookGuard();
  parseCall(v, where, guard, errors);
  const headers = arrayField(v, "forwardHeaders", where, errors);
  if (headers !== null) {
    for (let i = 0; i < headers.items.length; i++) {
      const h = headers.items[i];
      if (!h.isString() || h.stringValue.length == 0) {
        errors.push(where + ".forwardHeaders[" + i.toString() + "]: expected a header name");
        continue;
      }
      guard.forwardHeaders.push(h.stringValue.toLowerCase());
    }
  }
  return guard;
}

function parseModeration(v: JsonValue, where: string, errors: Array<string>): ModerationGuard {
  onlyKnownFields(v, ["cluster", "authority", "key", "model", "timeoutMs", "failureMode"], where, errors);
  const guard = new ModerationGuard();
  parseCall(v, where, guard, errors);
  guard.key = stringField(v, "key", where, true, errors);
  const model = stringField(v, "model", where, false, errors);
  if (model.length > 0) guard.model = model;
  return guard;
}

function parseCall(v: JsonValue, where: string, guard: CallGuard, errors: Array<string>): void {
  guard.cluster = stringField(v, "cluster", where, true, errors);
  guard.authority = stringField(v, "authority", where, true, errors);
  guard.timeoutMs = <u32>intField(v, "timeoutMs", where, 1, 600000, <i32>guard.timeoutMs, errors);
  const mode = stringField(v, "failureMode", where, false, errors);
  if (mode == "open") guard.failOpen = true;
  else if (mode != "" && mode != "closed") errors.push(where + ".failureMode: expected \"closed\" or \"open\"");
}

/** `{action, matches: [{pattern, name}], builtins: [...]}` → one PatternSet. */
function parseRegexGuard(regex: JsonValue, where: string, errors: Array<string>): PatternSet | null {
  onlyKnownFields(regex, ["action", "matches", "builtins"], where, errors);
  const builtins = new Array<string>(0);
  const builtinList = arrayField(regex, "builtins", where, errors);
  if (builtinList !== null) {
    for (let i = 0; i < builtinList.items.length; i++) {
      const b = builtinList.items[i];
      const at = where + ".builtins[" + i.toString() + "]";
      if (!b.isString()) { errors.push(at + ": expected a string"); continue; }
      if (!BUILTIN_NAMES.includes(b.stringValue)) {
        errors.push(at + ": unknown builtin " + jsonQuote(b.stringValue) + " (known: " + BUILTIN_NAMES.join(", ") + ")");
        continue;
      }
      builtins.push(b.stringValue);
    }
  }
  const sources = new Array<string>(0);
  const names = new Array<string>(0);
  const matches = arrayField(regex, "matches", where, errors);
  if (matches !== null) {
    for (let i = 0; i < matches.items.length; i++) {
      const m = matches.items[i];
      const at = where + ".matches[" + i.toString() + "]";
      if (!m.isObject()) { errors.push(at + ": expected an object"); continue; }
      onlyKnownFields(m, ["pattern", "name"], at, errors);
      const pattern = stringField(m, "pattern", at, true, errors);
      if (errors.length == 0 && pattern.length == 0) errors.push(at + ".pattern: must not be empty");
      sources.push(pattern);
      names.push(stringField(m, "name", at, false, errors));
    }
  }
  if (errors.length > 0) return null;
  if (builtins.length == 0 && sources.length == 0) {
    errors.push(where + ": needs at least one of \"matches\" or \"builtins\"");
    return null;
  }
  const compiled = compileGuardSet(builtins, sources, names);
  const error = compiled.error;
  if (error !== null) {
    errors.push(where + ".matches[" + error.patternIndex.toString() + "].pattern: " + error.message +
      " at byte " + error.position.toString() + " of " + jsonQuote(sources[error.patternIndex]));
    return null;
  }
  return compiled.set;
}
