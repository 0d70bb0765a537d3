#!/usr/bin/env bash
# Builds kwok (simulated nodes: it marks the pods the scheduler binds to its node Running and
# Ready, without a container runtime) from the Go module proxy, and copies the stage files it
# needs next to it. Output goes to a cache directory keyed by a stamp of the version + go version
# + this script. Prints the bin directory (kwok, stages/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=v0.8.0
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/kwok"
stamp="$(cat <(echo "$version") "$here/build.sh" <(go version) | sha256sum | cut -c1-16)"
bin="$cache_root/$stamp/bin"
if [[ -x "$bin/kwok" && -d "$bin/stages" ]]; then
  echo "$bin"; exit 0
fi
tmp="$cache_root/$stamp/bin.partial"
rm -rf "$tmp"; mkdir -p "$tmp/stages"
echo "building kwok $version into $bin (cold: a minute or two)" >&2
start=$(date +%s)
# kwok's go.mod has no replace directives, so `go install` builds it as released.
CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$version"
echo "  built kwok in $(( $(date +%s) - start ))s" >&2
module="$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kwok@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
# Without stages kwok does nothing ("no stages found"): nodes become Ready and keep a lease, pods
# complete when their containers would and go away when deleted; pod readiness is ours, in
# stages/ of this folder.
for stage in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
             pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  cp "$module/kustomize/stage/$stage" "$tmp/stages/$(echo "$stage" | tr / -)"
done
chmod -R u+w "$tmp"
rm -rf "$bin"; mv "$tmp" "$bin"
echo "$bin"
