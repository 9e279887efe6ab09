// Builtin PII detectors and the compilation of a guard's pattern list into one
// PatternSet, each pattern labelled with its mask token (kgateway-compatible).
//
// Builtins always come first, in a fixed priority order, then custom patterns
// in config order. When two patterns match at the same leftmost position the
// earlier one wins (see PatternSet), so a card number is never split into
// phone numbers and "4155552671@txt.att.net" is an email, not a phone.

import { cardValid } from "./builtins-luhn";
import { PatternSetResult, PatternSet, PatternSpec } from "./regex/pattern-set";
import { RegexError } from "./regex/errors";

export const CREDIT_CARD = "CREDIT_CARD";
export const SSN = "SSN";
export const EMAIL = "EMAIL";
export const PHONE_NUMBER = "PHONE_NUMBER";

// 13-19 digits, optionally separated by single spaces or dashes; the Luhn
// validator (builtins-luhn.ts cardValid) then rejects most non-card digit runs.
const CREDIT_CARD_PATTERN = "\\b\\d(?:[ -]?\\d){12,18}\\b";
// ddd-dd-dddd with one consistent separator: dash, space or dot.
const SSN_PATTERN = "\\b(?:\\d{3}-\\d{2}-\\d{4}|\\d{3} \\d{2} \\d{4}|\\d{3}\\.\\d{2}\\.\\d{4})\\b";
// local@domain.tld. No leading \b: leftmost-first already starts the match
// as far left as the local-part characters reach.
const EMAIL_PATTERN = "[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}\\b";
// North American numbers: optional +1 / 1 prefix, area code optionally in
// parentheses, separators space, dot or dash. Area code and exchange start
// with 2-9 (NANP), which keeps timestamps and order numbers out.
const PHONE_NUMBER_PATTERN =
  "(?:(?:\\+1|\\b1)[ .-]?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-]?)|\\([2-9]\\d{2}\\) ?|\\b[2-9]\\d{2}[ .-]?)" +
  "[2-9]\\d{2}[ .-]?\\d{4}\\b";

// Builtin names in priority order.
const BUILTIN_ORDER: string[] = [CREDIT_CARD, SSN, EMAIL, PHONE_NUMBER];

// The spec of a builtin (label = its mask token), or null for an unknown name.
export function builtinSpec(name: string): PatternSpec | null {
  if (name == CREDIT_CARD) return new PatternSpec(CREDIT_CARD_PATTERN, "<CREDIT_CARD>", cardValid);
  if (name == SSN) return new PatternSpec(SSN_PATTERN, "<US_SSN>");
  if (name == EMAIL) return new PatternSpec(EMAIL_PATTERN, "<EMAIL_ADDRESS>");
  if (name == PHONE_NUMBER) return new PatternSpec(PHONE_NUMBER_PATTERN, "<PHONE_NUMBER>");
  return null;
}

// A user pattern: masked as <CUSTOM>, or as <name> (name verbatim) when named.
export function customSpec(source: string, name: string = ""): PatternSpec {
  let token = "<CUSTOM>";
  if (name.length > 0) token = "<" + name + ">";
  return new PatternSpec(source, token);
}

// Compiles a guard's builtins (any order, duplicates ignored) and custom
// patterns into one set. An error's patternIndex is the index into
// customSources (builtins always compile); an unknown builtin name is
// reported with patternIndex -1.
export function compileGuardSet(builtins: Array<string>, customSources: Array<string>, customNames: Array<string>): PatternSetResult {
  let specs = new Array<PatternSpec>();
  for (let i = 0; i < builtins.length; i++) {
    if (!BUILTIN_ORDER.includes(builtins[i])) {
      return new PatternSetResult(null, new RegexError("unknown builtin: " + builtins[i], 0, -1));
    }
  }
  for (let i = 0; i < BUILTIN_ORDER.length; i++) {
    if (builtins.includes(BUILTIN_ORDER[i])) specs.push(builtinSpec(BUILTIN_ORDER[i])!);
  }
  let builtinCount = specs.length;
  for (let i = 0; i < customSources.length; i++) {
    let name = "";
    if (i < customNames.length) name = customNames[i];
    specs.push(customSpec(customSources[i], name));
  }
  let result = PatternSet.compile(specs);
  if (result.error !== null) result.error!.patternIndex -= builtinCount;
  return result;
}
