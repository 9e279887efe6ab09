// The filter's policy for routes to one LLMBackend: the provider, the key
// (secrets resolved here, so the filter never looks anything up) and how the
// provider wants it presented.
import { PROVIDERS } from "../providers/registry.ts";
import { authorizationToken } from "../validate/secret.ts";
import { describeObject, findObject, type LLMBackend, type Secret } from "../validate/resources.ts";
import type { AuthPolicy, RoutePolicy } from "./plugin-config.ts";

export function routePolicy(backend: LLMBackend, secrets: Secret[]): RoutePolicy {
  const provider = PROVIDERS[backend.provider];
  return {
    provider: backend.provider,
    auth: authPolicy(backend, secrets),
    ...provider.policy(backend.settings),
  };
}

function authPolicy(backend: LLMBackend, secrets: Secret[]): AuthPolicy {
  const defaults = PROVIDERS[backend.provider].authHeader;
  // Explicit even where they equal the provider's defaults, so the filter does not guess.
  const presentation = {
    // HTTP/2 and Envoy's header maps use lower-case names.
    header: (backend.authHeaderOverride?.headerName ?? defaults.name).toLowerCase(),
    prefix: backend.authHeaderOverride?.prefix ?? defaults.prefix,
  };
  const token = backend.authToken;
  switch (token.kind) {
    case "Passthrough":
      return { mode: "passthrough", ...presentation };
    case "Inline":
      return { mode: "inline", key: token.value, ...presentation };
    case "SecretRef":
      return { mode: "inline", key: secretKey(backend, token.secretName, secrets), ...presentation };
  }
}

function secretKey(backend: LLMBackend, name: string, secrets: Secret[]): string {
  const secret = findObject(secrets, backend.meta.namespace, name);
  const key = secret && authorizationToken(secret);
  // Validation guarantees the key; reaching this is a bug, so say which object, never the value.
  if (!key) throw new Error(`internal: ${describeObject(backend.meta)} has no resolvable Secret ${name}`);
  return key;
}
