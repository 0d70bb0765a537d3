#!/usr/bin/env bash
# CRDs of the routing implementations Orgspace can target, for tests: Gateway API (HTTPRoute),
# Envoy Gateway (SecurityPolicy) and Traefik (Middleware), taken from their Go modules through the
# Go module proxy and cached. Prints the directory holding them.
set -euo pipefail
dir="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/extra-crds"
if [[ -f "$dir/.complete" ]]; then echo "$dir"; exit 0; fi
mkdir -p "$dir"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work" && go mod init extra-crds >/dev/null 2>&1
fetch() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }
gateway="$(fetch sigs.k8s.io/gateway-api@v1.4.0)"
cp "$gateway/config/crd/standard/gateway.networking.k8s.io_gateways.yaml" \
   "$gateway/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml" "$dir/"
envoy="$(fetch github.com/envoyproxy/gateway@v1.9.1)"
cp "$envoy/charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_securitypolicies.yaml" "$dir/"
traefik="$(fetch github.com/traefik/traefik/v3@v3.5.3)"
# The fixture holds every Traefik CRD; keep the Middleware one.
awk 'BEGIN{RS="\n---\n"} /name: middlewares.traefik.io/ {print; exit}' \
  "$traefik/integration/fixtures/k8s/01-traefik-crd.yml" > "$dir/traefik.io_middlewares.yaml"
chmod -R u+w "$dir"
touch "$dir/.complete"
echo "$dir"
