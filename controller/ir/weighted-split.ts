// Weighted backendRefs as Envoy routes. Envoy's weighted_clusters would put
// several backends under one route name, but the filter finds its policy by
// route name (one policy per route: envoy#26440), and each LLM backend needs
// its own policy, path and Host. So each backend gets a route of its own, and
// the routes share out the traffic with runtime_fraction: Envoy draws one
// random value per request and tests it against every route in turn, so with
// cumulative thresholds route k takes exactly weight_k / total of the requests.

/** Per million: the finest denominator Envoy's runtime fractions offer. */
const SPLIT_DENOMINATOR = 1_000_000;

/** Cumulative thresholds for all but the last weight (which takes the rest). Weights are > 0. */
export function splitThresholds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  return weights.slice(0, -1).map((w) => {
    cumulative += w;
    return Math.round((cumulative / total) * SPLIT_DENOMINATOR);
  });
}
