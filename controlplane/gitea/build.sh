#!/usr/bin/env bash
# Builds Gitea, the Git forge the pull-request journey test runs against, from the Go module proxy.
# Output goes to a cache directory keyed by a stamp of this folder's files + go version, so a warm
# machine reuses the binary. Prints the binary's path.
#   build.sh          build if needed
#   build.sh tidy     after changing go.mod: update go.mod/go.sum here
#   build.sh moddir   print Gitea's module directory (templates and options the server reads)
#
# Gitea's go.mod has replaces, so `go install` refuses it; this wrapper module repeats them (see
# go.mod). Gitea 1.27 uses a pure-Go SQLite, so no cgo and no build tags are needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-build}"
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/gitea"
version="$(awk '$1=="require" && $2=="gitea.dev"{print $3}' "$here/go.mod")"   # e.g. v1.27.3
if [[ "$mode" == moddir ]]; then
  GOFLAGS=-mod=mod go mod download -json "code.gitea.io/gitea@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'
  exit 0
fi
stamp="$(cd "$here" && cat build.sh go.mod tools.go $(ls go.sum 2>/dev/null) <(go version) | sha256sum | cut -c1-16)"
bin="$cache_root/$stamp/bin"
if [[ "$mode" == build && -x "$bin/gitea" ]]; then
  echo "$bin/gitea"; exit 0
fi
src="$cache_root/$stamp/src"
rm -rf "$src"; mkdir -p "$src"
cp "$here/go.mod" "$here/tools.go" "$src/"
[[ -f "$here/go.sum" ]] && cp "$here/go.sum" "$src/"
cd "$src"
export CGO_ENABLED=0
if [[ "$mode" == tidy ]]; then
  go mod tidy
  cp go.mod go.sum "$here/"
  echo "updated $here/go.mod and go.sum" >&2
  exit 0
fi
export GOFLAGS=-mod=readonly
tmp="$cache_root/$stamp/bin.partial"
rm -rf "$tmp"; mkdir -p "$tmp"
echo "building Gitea $version into $bin (cold: about 3 minutes)" >&2
start=$(date +%s)
go build -trimpath -ldflags "-s -w -X main.Version=${version#v}" -o "$tmp/gitea" gitea.dev
echo "  built gitea in $(( $(date +%s) - start ))s" >&2
rm -rf "$bin"; mv "$tmp" "$bin"
rm -rf "$src"
echo "$bin/gitea"
