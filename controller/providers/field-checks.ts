// Checks for provider settings that end up inside a URL or the Envoy route.
// Values are never echoed back: they may sit next to keys in a manifest.

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Unreserved URL characters plus "@" (Vertex model versions use it). No "/",
// "?", "#", ":" or "%", so a value can neither leave its path segment nor
// collide with ":generateContent"; no "\" either, which Envoy's regex_rewrite
// substitution would read as a capture reference.
const URL_SEGMENT = /^[A-Za-z0-9._~@-]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hostname(value: string): string | undefined {
  return HOSTNAME.test(value)
    ? undefined
    : "must be a bare host name (no scheme, port or path), e.g. my-resource.openai.azure.com";
}

export function urlSegment(value: string): string | undefined {
  return URL_SEGMENT.test(value)
    ? undefined
    : "may hold only letters, digits and . _ ~ @ - because it is placed in the request URL";
}

export function printable(value: string): string | undefined {
  return CONTROL.test(value) ? "must not contain control characters" : undefined;
}
