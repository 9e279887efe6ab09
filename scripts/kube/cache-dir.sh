#!/usr/bin/env bash
# Sourced by the scripts/kube/*.sh scripts: one place that says where the
# Kubernetes test binaries live (outside the repo, next to Envoy's cache) and
# which versions are pinned.
cache="${WEIR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weir}"
# kube-apiserver is built from k8s.io/kubernetes v1.X.Y; its staging modules
# (k8s.io/api, k8s.io/apiserver, ...) are published as v0.X.Y.
kube_version="${WEIR_KUBE_VERSION:-1.34.4}"
kube_dir="$cache/kube/v$kube_version"
kube_apiserver_bin="$kube_dir/kube-apiserver"
etcd_dir="$cache/kube/etcd"
etcd_bin="$etcd_dir/etcd"
# Go's module and build caches also live in the cache, so a CI cache of
# $WEIR_CACHE makes a rebuild an incremental link instead of a cold compile.
export GOMODCACHE="${WEIR_GOMODCACHE:-$cache/go/mod}"
export GOCACHE="${WEIR_GOCACHE:-$cache/go/build}"
