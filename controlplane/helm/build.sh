#!/usr/bin/env bash
# Builds helm from the pinned module in this folder, with the version ldflags of helm's own
# Makefile. Output goes to a cache directory keyed by a stamp of go.mod + go.sum + go version +
# this script, so a warm machine reuses the binary. Prints the binary's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/helm"
stamp="$(cat "$here/go.mod" "$here/go.sum" "$here/build.sh" <(go version) | sha256sum | cut -c1-16)"
bin="$cache_root/$stamp/bin"
if [[ -x "$bin/helm" ]]; then
  echo "$bin/helm"; exit 0
fi
cd "$here"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
version="$(awk '$1=="require" && $2=="helm.sh/helm/v3"{print $3}' go.mod)"          # e.g. v3.22.0
k8s="$(go list -f '{{.Version}}' -m k8s.io/client-go)"                               # e.g. v0.35.1
k8s_major=$(( $(echo "${k8s#v}" | cut -d. -f1) + 1 )); k8s_minor="$(echo "$k8s" | cut -d. -f2)"
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$version"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X $pkg.k8sVersionMajor=$k8s_major -X $pkg.k8sVersionMinor=$k8s_minor"
done
tmp="$cache_root/$stamp/bin.partial"
rm -rf "$tmp"; mkdir -p "$tmp"
echo "building helm $version into $bin (cold: a few minutes)" >&2
start=$(date +%s)
go build -trimpath -ldflags "$ldflags" -o "$tmp/helm" helm.sh/helm/v3/cmd/helm
echo "  built helm in $(( $(date +%s) - start ))s" >&2
rm -rf "$bin"; mv "$tmp" "$bin"
echo "$bin/helm"
