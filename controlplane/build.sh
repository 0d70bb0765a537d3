#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl from the pinned module in this
# folder. Output goes to a cache directory keyed by a stamp of go.sum + go version + this script,
# so a warm machine reuses the binaries and a changed pin rebuilds. Prints the bin directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/controlplane"
stamp="$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" <(go version) | sha256sum | cut -c1-16)"
bin="$cache_root/$stamp/bin"
if [[ -x "$bin/kube-apiserver" && -x "$bin/kube-controller-manager" && -x "$bin/kube-scheduler" && -x "$bin/etcd" \
      && -x "$bin/kubectl" ]]; then
  echo "$bin"; exit 0
fi
k8s_version="$(awk '$1=="k8s.io/kubernetes"{print $2}' "$here/go.mod")"   # e.g. v1.36.3
major="${k8s_version#v}"; major="${major%%.*}"
minor="$(echo "$k8s_version" | cut -d. -f2)"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit=orgspace-module-build -X $pkg.buildDate=$build_date"
done
tmp="$cache_root/$stamp/bin.partial"
rm -rf "$tmp"; mkdir -p "$tmp"
cd "$here"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
echo "building Kubernetes $k8s_version control plane into $bin (cold: tens of minutes)" >&2
for cmd in go.etcd.io/etcd/server/v3:etcd \
           k8s.io/kubernetes/cmd/kube-apiserver:kube-apiserver \
           k8s.io/kubernetes/cmd/kube-controller-manager:kube-controller-manager \
           k8s.io/kubernetes/cmd/kube-scheduler:kube-scheduler \
           k8s.io/kubernetes/cmd/kubectl:kubectl; do
  start=$(date +%s)
  go build -trimpath -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$tmp/${cmd##*:}" "${cmd%%:*}"
  echo "  built ${cmd##*:} in $(( $(date +%s) - start ))s" >&2
done
rm -rf "$bin"; mv "$tmp" "$bin"
echo "$bin"
