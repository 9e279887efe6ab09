#!/usr/bin/env bash
# Builds kube-apiserver from the Go module proxy into the cache (it is
# packaged for neither npm nor Debian). Idempotent: does nothing when the
# binary is already there.
#
# k8s.io/kubernetes is not meant to be used as a module: its go.mod requires
# every staging module (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and
# replaces them with ./staging paths, and replace directives of a dependency
# are ignored. So a throwaway main module pins each staging module to the
# published v0.X.Y that matches v1.X.Y.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/cache-dir.sh"

if [ -x "$kube_apiserver_bin" ]; then
  echo "kube-apiserver: $kube_apiserver_bin (cached)"
  exit 0
fi
command -v go >/dev/null || { echo "kube-apiserver: Go is needed to build it" >&2; exit 1; }

minor_patch="${kube_version#1.}"           # 34.4
staging_version="v0.$minor_patch"         # v0.34.4
src="$kube_dir/src"
start=$(date +%s)
mkdir -p "$src"
cd "$src"

echo "kube-apiserver: fetching k8s.io/kubernetes v$kube_version ($(go version | cut -d' ' -f3))"
kube_mod_dir=$(go mod download -json "k8s.io/kubernetes@v$kube_version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -n "$kube_mod_dir" ] || { echo "kube-apiserver: download failed" >&2; exit 1; }

# The staging modules are exactly the `k8s.io/x => ./staging/...` lines.
staging=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/.*#\1#p' "$kube_mod_dir/go.mod")
go_line=$(grep -m1 '^go ' "$kube_mod_dir/go.mod")
{
  echo "module weir.local/kube-apiserver-build"
  echo
  echo "$go_line"
  echo
  echo "require k8s.io/kubernetes v$kube_version"
  echo
  echo "replace ("
  for m in $staging; do echo "	$m => $m $staging_version"; done
  echo ")"
} > go.mod
# A file that imports the command keeps `go mod tidy` from dropping it.
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO

echo "kube-apiserver: resolving $(echo "$staging" | wc -w) staging modules at $staging_version"
go mod tidy -e >/dev/null 2>tidy.log || { cat tidy.log >&2; exit 1; }
t_deps=$(date +%s)

echo "kube-apiserver: compiling (GOCACHE=$GOCACHE)"
# -s -w drops the symbol table and DWARF: a test binary needs neither, and it
# roughly halves the size. The version stamp makes /version report v1.X.Y.
ldflags="-s -w"
ldflags+=" -X k8s.io/component-base/version.gitVersion=v$kube_version"
ldflags+=" -X k8s.io/component-base/version.gitMajor=1"
ldflags+=" -X k8s.io/component-base/version.gitMinor=${minor_patch%%.*}"
ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=v$kube_version"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$kube_apiserver_bin.tmp" k8s.io/kubernetes/cmd/kube-apiserver
mv "$kube_apiserver_bin.tmp" "$kube_apiserver_bin"
end=$(date +%s)
echo "kube-apiserver: built $kube_apiserver_bin ($(du -h "$kube_apiserver_bin" | cut -f1))" \
  "in $((end - start))s (modules $((t_deps - start))s, compile $((end - t_deps))s)"
