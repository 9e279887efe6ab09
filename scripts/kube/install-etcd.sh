#!/usr/bin/env bash
# Puts etcd (Debian's etcd-server package) into the cache, unpacked rather
# than installed: no root needed, no system service started, and the cache
# directory alone carries it between CI runs. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/cache-dir.sh"

if [ -x "$etcd_bin" ]; then
  echo "etcd: $etcd_bin (cached)"
  exit 0
fi
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download etcd-server >/dev/null 2>&1; then
  # The package lists may be missing on a fresh machine; refreshing them needs root.
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; fi
  apt-get download etcd-server >/dev/null
fi
dpkg-deb -x etcd-server_*.deb root
mkdir -p "$etcd_dir"
install -m 0755 root/usr/bin/etcd "$etcd_bin.tmp"
mv "$etcd_bin.tmp" "$etcd_bin"
echo "etcd: $("$etcd_bin" --version | head -1) into $etcd_bin ($(du -h "$etcd_bin" | cut -f1)) in $(( $(date +%s) - start ))s"
