// Builtin detectors, the Luhn check and masking.

import { builtinSpec, compileGuardSet } from "../builtins";
import { cardValid } from "../builtins-luhn";
import { maskText } from "../builtins-mask";
import { Match } from "../regex/matcher";
import { PatternSet, PatternSpec } from "../regex/pattern-set";

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function guard(builtins: Array<string>, customs: Array<string> = [], names: Array<string> = []): PatternSet {
  return compileGuardSet(builtins, customs, names).set!;
}

function mask(set: PatternSet, text: string): string {
  let r = maskText(set, utf8(text));
  return String.UTF8.decodeUnsafe(r.masked.dataStart, <usize>r.masked.length);
}

function luhn(digits: string): bool {
  let b = utf8(digits);
  return cardValid(b.dataStart, b.length);
}

// Module-level: spec callbacks cannot capture locals (no closures in AS).
const ssnSet = guard(["SSN"]);

describe("SSN", () => {
  it("masks ddd-dd-dddd with one consistent separator", () => {
    expect(mask(ssnSet, "ssn 123-45-6789.")).toBe("ssn <US_SSN>.");
    expect(mask(ssnSet, "(123 45 6789)")).toBe("(<US_SSN>)");
    expect(mask(ssnSet, "123.45.6789")).toBe("<US_SSN>");
  });
  it("leaves look-alikes alone", () => {
    expect(mask(ssnSet, "123-45-67890")).toBe("123-45-67890");
    expect(mask(ssnSet, "0123-45-6789")).toBe("0123-45-6789");
    expect(mask(ssnSet, "123-45 6789")).toBe("123-45 6789");
    expect(mask(ssnSet, "123456789")).toBe("123456789");
    expect(mask(ssnSet, "12-345-6789")).toBe("12-345-6789");
  });
});

const creditcardSet = guard(["CREDIT_CARD"]);

describe("CREDIT_CARD", () => {
  it("checks Luhn", () => {
    expect(luhn("4111111111111111")).toBe(true);
    expect(luhn("4111 1111-1111 1111")).toBe(true);
    expect(luhn("4111111111111112")).toBe(false);
    expect(luhn("378282246310005")).toBe(true);
    expect(luhn("0000000000000")).toBe(true);
    expect(luhn("000000000000")).toBe(false); // 12 digits: too short
    expect(luhn("41111111111111x1")).toBe(false);
  });
  it("masks 13-19 digit numbers with single space or dash separators", () => {
    expect(mask(creditcardSet, "card 4111 1111 1111 1111 ok")).toBe("card <CREDIT_CARD> ok");
    expect(mask(creditcardSet, "4111-1111-1111-1111")).toBe("<CREDIT_CARD>");
    expect(mask(creditcardSet, "pay 5105105105105100.")).toBe("pay <CREDIT_CARD>.");
    expect(mask(creditcardSet, "amex 3782 822463 10005")).toBe("amex <CREDIT_CARD>");
    expect(mask(creditcardSet, "4222222222222")).toBe("<CREDIT_CARD>");
  });
  it("masks a card right after a short digit group, whose longer span fails Luhn", () => {
    // The span from "12" is offered first (18 digits, fails Luhn); the card's own span was
    // merged into it by the engine, so the validator accepts a span that ends with a card.
    expect(mask(creditcardSet, "Order 12 4111 1111 1111 1111 ok")).toBe("Order <CREDIT_CARD> ok");
    expect(mask(creditcardSet, "ref 7 4111111111111111")).toBe("ref <CREDIT_CARD>");
    expect(mask(creditcardSet, "12 4111 1111 1111 1111 99")).toBe("<CREDIT_CARD> 99");
    // A suffix that is not group-aligned is not a card start.
    expect(mask(creditcardSet, "8 4111 1111 1111 1112")).toBe("8 4111 1111 1111 1112");
    expect(luhn("12 4111 1111 1111 1111")).toBe(true);
    expect(luhn("124111111111111111")).toBe(false);
  });
  it("rejects candidates that fail Luhn or the shape", () => {
    expect(mask(creditcardSet, "4111 1111 1111 1112")).toBe("4111 1111 1111 1112");
    expect(mask(creditcardSet, "4111  1111 1111 1111")).toBe("4111  1111 1111 1111");
    expect(mask(creditcardSet, "41111111111111111111")).toBe("41111111111111111111");
    expect(mask(creditcardSet, "x4111111111111111")).toBe("x4111111111111111");
  });
});

// All four builtins, with the DFA (and its step cache) or as the plain Pike VM.
function builtinSet(useDfa: bool): PatternSet {
  let specs = new Array<PatternSpec>();
  specs.push(builtinSpec("CREDIT_CARD")!);
  specs.push(builtinSpec("SSN")!);
  specs.push(builtinSpec("EMAIL")!);
  specs.push(builtinSpec("PHONE_NUMBER")!);
  return PatternSet.compile(specs, useDfa).set!;
}

function spans(matches: Array<Match>): string {
  let out = "";
  for (let i = 0; i < matches.length; i++) {
    out += matches[i].start.toString() + "-" + matches[i].end.toString() + ":" + matches[i].pattern.toString() + " ";
  }
  return out;
}

const cachedSet = builtinSet(true);
const plainSet = builtinSet(false);

describe("Luhn with cached steps", () => {
  it("replays steps whose validator gives another verdict on other digits", () => {
    // Failing and passing cards in one digit run: identical steps of the
    // VM meet both verdicts, and the second scan replays every step.
    let unit = "4111 1111 1111 1112 4111 1111 1111 1111 5105105105105100 4111-1111-1111-1112 212 555 0134 ";
    let text = utf8(unit + unit + unit);
    let expected = spans(plainSet.findAll(text));
    expect(spans(cachedSet.findAll(text))).toBe(expected);
    expect(spans(cachedSet.findAll(text))).toBe(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

const emailSet = guard(["EMAIL"]);

describe("EMAIL", () => {
  it("masks addresses", () => {
    expect(mask(emailSet, "mail john.doe+tag@mail.example.co.uk now")).toBe("mail <EMAIL_ADDRESS> now");
    expect(mask(emailSet, "<a@b.io>, x_y@host-1.org.")).toBe("<<EMAIL_ADDRESS>>, <EMAIL_ADDRESS>.");
  });
  it("leaves non-addresses alone", () => {
    expect(mask(emailSet, "a@b.c foo@bar @example.com user@")).toBe("a@b.c foo@bar @example.com user@");
  });
});

const phonenumberSet = guard(["PHONE_NUMBER"]);

describe("PHONE_NUMBER", () => {
  it("masks US numbers with prefixes, parentheses and separators", () => {
    expect(mask(phonenumberSet, "call (415) 555-2671 now")).toBe("call <PHONE_NUMBER> now");
    expect(mask(phonenumberSet, "+1 415-555-2671")).toBe("<PHONE_NUMBER>");
    expect(mask(phonenumberSet, "+14155552671")).toBe("<PHONE_NUMBER>");
    expect(mask(phonenumberSet, "1-800-555-0199")).toBe("<PHONE_NUMBER>");
    expect(mask(phonenumberSet, "415.555.2671 or 4155552671")).toBe("<PHONE_NUMBER> or <PHONE_NUMBER>");
  });
  it("leaves short, long and non-NANP numbers alone", () => {
    expect(mask(phonenumberSet, "555-2671")).toBe("555-2671");
    expect(mask(phonenumberSet, "415-555-26710")).toBe("415-555-26710");
    expect(mask(phonenumberSet, "ts 1700000000")).toBe("ts 1700000000");
    expect(mask(phonenumberSet, "123-456-7890")).toBe("123-456-7890");
  });
});

describe("maskText", () => {
  it("masks every match of every pattern and counts them per pattern", () => {
    let set = guard(["PHONE_NUMBER", "EMAIL", "SSN", "CREDIT_CARD"], ["sk-[A-Za-z0-9]{8}", "(?i)project x"], ["API_KEY", ""]);
    let text = "ssn 123-45-6789 and 987-65-4321, card 4111 1111 1111 1111, a@b.io, (415) 555-2671, key sk-abcd1234, Project X";
    let r = maskText(set, utf8(text));
    expect(String.UTF8.decodeUnsafe(r.masked.dataStart, <usize>r.masked.length)).toBe(
      "ssn <US_SSN> and <US_SSN>, card <CREDIT_CARD>, <EMAIL_ADDRESS>, <PHONE_NUMBER>, key <API_KEY>, <CUSTOM>",
    );
    // Set order: CREDIT_CARD, SSN, EMAIL, PHONE_NUMBER, then customs.
    expect(r.counts[0]).toBe(1);
    expect(r.counts[1]).toBe(2);
    expect(r.counts[2]).toBe(1);
    expect(r.counts[3]).toBe(1);
    expect(r.counts[4]).toBe(1);
    expect(r.counts[5]).toBe(1);
    expect(r.total).toBe(7);
  });

  it("returns the input untouched when nothing matches, and skips empty matches", () => {
    let set = guard([], ["x*"]);
    let input = utf8("abc");
    let r = maskText(set, input);
    expect(r.total).toBe(0);
    expect(r.masked === input).toBe(true);
    expect(mask(set, "axxb")).toBe("a<CUSTOM>b");
  });

  it("prefers the earlier builtin at the same start", () => {
    let set = guard(["PHONE_NUMBER", "EMAIL"]);
    expect(mask(set, "4155552671@txt.att.net")).toBe("<EMAIL_ADDRESS>");
  });

  it("keeps multi-byte text intact around masks", () => {
    let set = guard(["EMAIL"]);
    expect(mask(set, "é→a@b.io←中")).toBe("é→<EMAIL_ADDRESS>←中");
  });
});

describe("compileGuardSet", () => {
  it("reports custom pattern errors with the custom's index and position", () => {
    let r = compileGuardSet(["SSN", "EMAIL"], ["ok", "a(?=b)"], []);
    expect(r.set === null).toBe(true);
    expect(r.error!.patternIndex).toBe(1);
    expect(r.error!.position).toBe(1);
    expect(r.error!.message).toBe("lookahead assertions are not supported: (?=");
  });

  it("refuses unknown builtins", () => {
    let r = compileGuardSet(["SSN", "IBAN"], [], []);
    expect(r.error!.message).toBe("unknown builtin: IBAN");
    expect(r.error!.patternIndex).toBe(-1);
  });
});
