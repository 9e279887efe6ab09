#!/usr/bin/env bash
# Makes a fresh checkout runnable: npm packages (when missing or stale) and a
# real Envoy (when none is found). Idempotent and quiet when there is nothing
# to do; `npm start` and `npm test` call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

# Stale means installed from another lockfile: compared by content, not by
# mtime (a checkout makes every file new, and a reinstall was then run for
# nothing, or worse, into a node_modules shared through a symlink).
stamp=node_modules/.weir-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  if [ -L node_modules ]; then
    echo "setup: node_modules is a symlink to $(readlink node_modules), installed from another package-lock.json;" >&2
    echo "setup: not reinstalling into a shared directory. Run npm ci in a node_modules of this checkout's own." >&2
    exit 1
  fi
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

envoy_path=$(bash scripts/find-envoy.sh 2>/dev/null || true)
if [ -z "$envoy_path" ]; then
  bash scripts/install-envoy.sh
fi
