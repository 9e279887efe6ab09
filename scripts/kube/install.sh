#!/usr/bin/env bash
# Installs what the Kubernetes tests (test/kube) need into the cache outside
# the repo: etcd, kube-apiserver (built from source, the slow part: minutes
# cold, seconds with a warm Go cache) and the Gateway API CRDs. Idempotent;
# prints how long each part took. CI: run once before `npm test` with
# WEIR_KUBE_TESTS=required, and cache ${WEIR_CACHE:-~/.cache/weir}/kube
# (~140 MB: the binaries; later runs take no time). Caching go/ as well
# (~2.7 GB of Go module and build caches) only speeds up a version change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/cache-dir.sh"
t0=$(date +%s)
bash "$here/install-etcd.sh"
t1=$(date +%s)
bash "$here/build-kube-apiserver.sh"
t2=$(date +%s)
crds=$(bash "$here/fetch-gateway-api-crds.sh")
t3=$(date +%s)
echo "gateway-api CRDs: $crds"
echo "kube test tools ready in $((t3 - t0))s (etcd $((t1 - t0))s, kube-apiserver $((t2 - t1))s, Gateway API CRDs $((t3 - t2))s)"
echo "  etcd           $etcd_bin ($(du -h "$etcd_bin" | cut -f1))"
echo "  kube-apiserver $kube_apiserver_bin ($(du -h "$kube_apiserver_bin" | cut -f1))"
