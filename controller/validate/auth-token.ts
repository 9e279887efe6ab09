// spec.llm.provider.<kind>.authToken: where the key the filter presents comes from.
import { child, readMapping, readRecord, readString, type Report } from "./fields.ts";
import { AUTHORIZATION_KEY, authorizationToken } from "./secret.ts";
import type { AuthToken, Secret } from "./resources.ts";

/** Resolves a Secret name in the backend's namespace: undefined when absent, "invalid" when it has errors of its own. */
export type SecretLookup = (name: string) => Secret | "invalid" | undefined;

const KINDS = ["Inline", "SecretRef", "Passthrough"];

export function validateAuthToken(
  value: unknown,
  field: string,
  report: Report,
  findSecret: SecretLookup,
): AuthToken | undefined {
  const token = readMapping(value, ["kind", "inline", "secretRef"], field, report);
  if (!token) return undefined;
  const kind = readString(token.kind, child(field, "kind"), report, true);
  switch (kind) {
    case "Inline": {
      const inline = readString(token.inline, child(field, "inline"), report, true);
      const problem = inline === undefined ? undefined : keyProblem(inline);
      if (problem) report(child(field, "inline"), problem);
      if (token.secretRef !== undefined) report(child(field, "secretRef"), "must not be set when kind is Inline");
      return inline !== undefined && !problem ? { kind, value: inline } : undefined;
    }
    case "SecretRef": {
      if (token.inline !== undefined) report(child(field, "inline"), "must not be set when kind is SecretRef");
      const refField = child(field, "secretRef");
      const ref = readRecord(token.secretRef, refField, report, true);
      const name = readString(ref?.name, child(refField, "name"), report, true);
      if (name === undefined) return undefined;
      const secret = findSecret(name);
      if (secret === "invalid") return undefined; // its own errors are reported on the Secret
      const problem = secret ? secretProblem(secret) : "is not found in the backend's namespace";
      if (problem) {
        report(child(refField, "name"), `Secret ${name} ${problem}`);
        return undefined;
      }
      return { kind, secretName: name };
    }
    case "Passthrough":
      // A configured key would be silently unused: the client's key is presented instead.
      for (const key of ["inline", "secretRef"]) {
        if (token[key] !== undefined) report(child(field, key), "must not be set when kind is Passthrough (the client's key is used)");
      }
      return { kind };
    case undefined:
      return undefined;
    default:
      report(child(field, "kind"), `must be one of ${KINDS.join(", ")}`);
      return undefined;
  }
}

function secretProblem(secret: Secret): string | undefined {
  const token = authorizationToken(secret);
  if (token === undefined) return `has no key "${AUTHORIZATION_KEY}" (in data or stringData)`;
  const problem = keyProblem(token);
  return problem ? `key "${AUTHORIZATION_KEY}" ${problem}` : undefined;
}

/** Why a key cannot be sent in a header; never quotes the key. */
function keyProblem(key: string): string | undefined {
  if (key.trim() === "") return "is empty";
  // CR/LF would let a key inject headers; other control characters are invalid in header values.
  if (/[\u0000-\u001f\u007f]/.test(key)) return "contains control characters, which a header value cannot carry";
  return undefined;
}
