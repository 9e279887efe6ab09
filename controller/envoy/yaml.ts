// Deterministic YAML: the same bootstrap always gives the same bytes.
import yaml from "js-yaml";
import { compareStrings } from "../diagnostics.ts";

// Mapping keys are sorted (their order means nothing to Envoy), except that
// "@type" and "name" lead so that each block says what it is first. Lists keep
// their order: filter chains and routes are evaluated in it.
const LEADING_KEYS = ["@type", "name"];

function compareKeys(a: string, b: string): number {
  const rank = (k: string) => (LEADING_KEYS.includes(k) ? LEADING_KEYS.indexOf(k) : LEADING_KEYS.length);
  return rank(a) - rank(b) || compareStrings(a, b);
}

export function toYaml(document: object): string {
  return yaml.dump(document, { sortKeys: compareKeys, lineWidth: -1, noRefs: true });
}
