// js-yaml's default schema reads an unquoted 2024-10-21 as a Date. Kubernetes
// (sigs.k8s.io/yaml) keeps such values as strings, and Weir's fields are
// strings (Azure's and Anthropic's apiVersion look exactly like dates). So
// every Date is turned back into text: date-only values exactly as written,
// others as ISO 8601.
//
// Loading with js-yaml's CORE_SCHEMA would avoid this, but js-yaml is only a
// transitive dependency (of @kubernetes/client-node), not one of ours.

export function timestampsAsStrings(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(timestampsAsStrings);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, timestampsAsStrings(v)]));
  }
  return value;
}
