#!/usr/bin/env bash
# `make run`: build the operator, bring the local control plane up, install the CRDs, apply
# examples/ and run the operator in the foreground (Ctrl-C stops it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests package
eval "$(controlplane/run.sh up | tail -n 1)"
kubectl="$(dirname "$(readlink -f "${ORGSPACE_CONTROLPLANE_DIR:-${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/run}/bin/kubectl")")/kubectl"
"$kubectl" apply --server-side --force-conflicts --field-manager=orgspace-crds -f crds/
"$kubectl" wait --for=condition=Established --timeout=60s -f crds/
"$kubectl" apply --server-side --field-manager=orgspace-examples -f examples/
port="${ORGSPACE_HEALTH_PORT:-8081}"
cat <<INFO

Orgspace is starting against the local control plane.
  export KUBECONFIG=$KUBECONFIG
  $kubectl get organizations,memberships,projects,environments,apikeys -A
  $kubectl get namespace -l app.kubernetes.io/managed-by=orgspace
  curl -s localhost:$port/readyz ; curl -s localhost:$port/metrics
Stop with Ctrl-C; 'make down' stops the control plane.

INFO
export ORGSPACE_HEALTH_PORT="$port"
exec java -jar operator/target/orgspace-operator.jar
