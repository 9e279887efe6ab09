// Route match regexes are run by Envoy's RE2. Only what RE2 certainly lacks is
// refused here (lookaround and backreferences, which users bring from other
// engines); a full RE2 parse happens when Envoy loads the config (the
// envoy-validate tests). Prompt-guard patterns are checked by the filter's own
// parser instead, which is the engine that runs them.

const LOOKAROUND = /\(\?<?[=!]/;
// A backslash-digit that is not itself escaped: \1 … \9 (RE2 has no backreferences).
const BACKREFERENCE = /(^|[^\\])(\\\\)*\\[1-9]/;

export function re2Problem(pattern: string): string | undefined {
  if (LOOKAROUND.test(pattern)) return "uses lookaround ((?=, (?!, (?<=, (?<!), which RE2 does not support";
  if (BACKREFERENCE.test(pattern)) return "uses a backreference (\\1 …), which RE2 does not support";
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return "must not contain control characters";
  return undefined;
}
