#!/usr/bin/env bash
# Makes a fresh checkout runnable: npm packages (when missing or stale) and a
# real Envoy (when none is found). Idempotent and quiet when there is nothing
# to do; `npm start` and `npm test` call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

envoy_path=$(bash scripts/find-envoy.sh 2>/dev/null || true)
if [ -z "$envoy_path" ]; then
  bash scripts/install-envoy.sh
fi
