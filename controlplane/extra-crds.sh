#!/usr/bin/env bash
# CRDs of the routing implementations Orgspace can target, for tests: Gateway API (standard
# channel), Envoy Gateway (SecurityPolicy) and Traefik (all its CRDs: its Kubernetes CRD provider
# watches each kind), taken from their Go modules through the Go module proxy and cached by a stamp
# of this script. Prints the directory holding them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$(sha256sum < "$here/extra-crds.sh" | cut -c1-16)"
dir="${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/extra-crds/$stamp"
if [[ -f "$dir/.complete" ]]; then echo "$dir"; exit 0; fi
rm -rf "$dir"; mkdir -p "$dir"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work" && go mod init extra-crds >/dev/null 2>&1
fetch() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'; }
# The Gateway API release Traefik v3.7 is built against.
gateway="$(fetch sigs.k8s.io/gateway-api@v1.6.1)"
for crd in "$gateway"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
  [[ "$crd" == *_vap_* ]] || cp "$crd" "$dir/"
done
envoy="$(fetch github.com/envoyproxy/gateway@v1.9.1)"
cp "$envoy/charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_securitypolicies.yaml" "$dir/"
traefik="$(fetch github.com/traefik/traefik/v3@v3.7.13)"
# One file per CRD: the installer reads one object per file.
awk -v dir="$dir" 'BEGIN { RS = "\n---\n" }
  /kind: CustomResourceDefinition/ { match($0, /\n  name: [a-z.]+/); name = substr($0, RSTART + 9, RLENGTH - 9)
    print > (dir "/" name ".yaml"); close(dir "/" name ".yaml") }' \
  "$traefik/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml"
chmod -R u+w "$dir"
touch "$dir/.complete"
echo "$dir"
