#!/usr/bin/env bash
# Builds the real control plane the Kubernetes integration tests run against — etcd,
# kube-apiserver, kube-controller-manager and Kueue, each from the Go module its go.mod pins —
# into a cache outside the repository keyed by those module files, and prints the directory.
# Only the Go module proxy is used. A cold machine pays once (tens of minutes on 2 cores:
# kube-apiserver is the long one); later runs find every binary and return at once.
#
#   tools/control-plane/build.sh          build what is missing, print the binary directory
#   tools/control-plane/build.sh --dir    print the directory only (nothing is built)
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The key covers what the binaries are built from: the modules, the main packages and the flags
# below (BUILD_FORMAT: bump it when a change to this script changes the binaries).
BUILD_FORMAT=1
key="$(cd "$src" && { echo "$BUILD_FORMAT"; cat */go.mod */go.sum $(find . -name '*.go' | sort); } \
  | sha256sum | cut -c1-16)"
dir="${ARBITER_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gpu-arbiter}/control-plane/$key"
if [[ "${1:-}" == "--dir" ]]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$dir"

# One build at a time, also across processes (each needs 2-3 GB and both cores; two builds of one
# binary would write the same file).
exec 9>"$dir/.lock"
flock 9
build() { # name module-dir package [ldflags]
  local name="$1" mod="$2" pkg="$3" ldflags="${4:-}"
  if [[ -x "$dir/$name" ]]; then
    return 0
  fi
  echo "building $name from $mod/go.mod (cached in $dir)" >&2
  local started=$SECONDS
  (cd "$src/$mod" && GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w $ldflags" \
    -o "$dir/$name.tmp" "$pkg")
  mv "$dir/$name.tmp" "$dir/$name"
  echo "built $name in $((SECONDS - started)) s" >&2
}

kube_version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$src/kube/go.mod")"
if [[ -z "$kube_version" ]]; then
  kube_version="$(grep -Eo 'k8s.io/kubernetes v[0-9.]+' "$src/kube/go.mod" | head -1 | cut -d' ' -f2)"
fi
# Without these the binaries say v0.0.0-master; clients that gate on the version want the real one.
version_flags="-X k8s.io/component-base/version.gitVersion=$kube_version \
-X k8s.io/component-base/version.gitMajor=1 \
-X k8s.io/component-base/version.gitMinor=$(echo "$kube_version" | cut -d. -f2)"

build etcd etcd go.etcd.io/etcd/server/v3
build kube-apiserver kube ./cmd/kube-apiserver "$version_flags"
build kube-controller-manager kube ./cmd/kube-controller-manager "$version_flags"
build kueue kueue sigs.k8s.io/kueue/cmd/kueue
echo "$dir"
