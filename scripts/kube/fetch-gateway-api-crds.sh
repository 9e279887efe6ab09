#!/usr/bin/env bash
# Prints the path of the Gateway API's standard-channel CRDs (Gateway,
# HTTPRoute, ...), taken from the sigs.k8s.io/gateway-api Go module, which
# ships them under config/crd/standard. The tests install them into their API
# server; a cluster gets them from the Gateway API release it runs. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/cache-dir.sh"
version="${WEIR_GATEWAY_API_VERSION:-v1.3.0}"
out="$cache/kube/gateway-api-$version-standard.yaml"
if [ ! -s "$out" ]; then
  dir=$(cd "$cache" && go mod download -json "sigs.k8s.io/gateway-api@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -n "$dir" ] || { echo "gateway-api: download failed" >&2; exit 1; }
  mkdir -p "$(dirname "$out")"
  for f in "$dir"/config/crd/standard/*.yaml; do echo "---"; cat "$f"; done > "$out.tmp"
  mv "$out.tmp" "$out"
fi
echo "$out"
