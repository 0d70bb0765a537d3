#!/usr/bin/env bash
# Builds Traefik, the ingress controller the routing tests send real requests through, from the Go
# module proxy. Output goes to a cache directory keyed by a stamp of this folder's files + go
# version, so a warm machine reuses the binary. Prints the binary's path.
#   build.sh          build if needed
#   build.sh tidy     after changing go.mod: update go.mod/go.sum here
#
# Traefik's go.mod has replaces, so `go install` refuses it; this wrapper module repeats them. Three
# modules it needs are not served by the Go module proxy here and are stood in for:
# - github.com/traefik/traefik/dynamic/ext (upstream: a folder of Traefik's repository, outside
#   its module zip): standins/dynamic-ext, empty extension types.
# - github.com/containous/go-http-auth (upstream's fork of abbot/go-http-auth): a copy of the
#   served abbot/go-http-auth v0.4.0 plus the two functions Traefik calls
#   (standins/go-http-auth/traefik.go). Basic auth works as upstream's.
# - github.com/go-acme/lego/v5: a copy without the 13 DNS providers whose SDK modules are not
#   served; only ACME DNS challenges through those providers are lost.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-build}"
cache_root="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/traefik"
stamp="$(cd "$here" && cat build.sh go.mod go.sum tools.go standins/*/* <(go version) | sha256sum | cut -c1-16)"
bin="$cache_root/$stamp/bin"
if [[ "$mode" == build && -x "$bin/traefik" ]]; then
  echo "$bin/traefik"; exit 0
fi
version="$(awk '$1=="require" && $2=="github.com/traefik/traefik/v3"{print $3}' "$here/go.mod")"   # e.g. v3.7.13
src="$cache_root/$stamp/src"
rm -rf "$src"; mkdir -p "$src"
cp -r "$here/go.mod" "$here/go.sum" "$here/tools.go" "$here/standins" "$src/"
cd "$src"
module_dir() { GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }

mkdir -p work/go-http-auth
auth="$(module_dir github.com/abbot/go-http-auth@v0.4.0)"
cp "$auth"/*.go work/go-http-auth/ && rm -f work/go-http-auth/*_test.go
cp standins/go-http-auth/traefik.go work/go-http-auth/
cp standins/go-http-auth/go.mod.in work/go-http-auth/go.mod

lego_version="$(awk '$1=="github.com/go-acme/lego/v5"{print $2; exit}' "$(module_dir "github.com/traefik/traefik/v3@$version")/go.mod")"
lego="$(module_dir "github.com/go-acme/lego/v5@$lego_version")"
cp -r "$lego" work/lego && chmod -R u+w work/lego
unserved="alidns aliesa azion dnsimple edgedns edgeone huaweicloud oraclecloud regfish sakuracloud tencentcloud ucloud yandexcloud"
for p in $unserved; do rm -rf "work/lego/providers/dns/$p"; done
# Drop each provider's import and its `case ...: return p.NewDNSProvider()` pair.
awk -v unserved="$unserved" '
  BEGIN { n = split(unserved, list, " "); for (i = 1; i <= n; i++) drop[list[i]] = 1 }
  /^\t"github.com\/go-acme\/lego\/v5\/providers\/dns\/[a-z0-9]+"$/ {
    p = $0; sub(/.*\//, "", p); sub(/"$/, "", p); if (p in drop) next }
  /^\tcase / { held = $0; next }
  held != "" { p = $2; sub(/\..*/, "", p); if (!(p in drop)) print held; held = ""; if (p in drop) next }
  { print }' work/lego/providers/dns/zz_gen_dns_providers.go > work/zz && mv work/zz work/lego/providers/dns/zz_gen_dns_providers.go

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
echo "building Traefik $version into $bin (cold: several minutes)" >&2
start=$(date +%s)
go build -trimpath -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$version" \
  -o "$tmp/traefik" github.com/traefik/traefik/v3/cmd/traefik
echo "  built traefik in $(( $(date +%s) - start ))s" >&2
rm -rf "$bin"; mv "$tmp" "$bin"
rm -rf "$src"
echo "$bin/traefik"
