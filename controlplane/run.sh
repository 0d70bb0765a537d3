#!/usr/bin/env bash
# A real Kubernetes control plane on loopback for Orgspace's local runs and tests:
# etcd + kube-apiserver (RBAC, service-account tokens) + kube-controller-manager (namespace
# deletion, garbage collection, service accounts, Deployment rollouts, EndpointSlices) +
# kube-scheduler + one simulated node (kwok): pods are scheduled and turn Running and Ready without
# a container runtime. Their addresses come from the node's pod range, inside 198.18.0.0/15 (reserved
# for benchmarks): nothing answers there unless a test puts a server in a network namespace of its own.
#
#   run.sh up     build if needed, start (or reuse) it; last line: export KUBECONFIG=<path>
#   run.sh down   stop it and remove its data
#   run.sh env    print the export line of the running control plane
#   run.sh restart-apiserver   stop and start kube-apiserver alone (same port, certificates, data)
# kube-apiserver writes the audit log of docs/audit-policy.yaml to <state>/logs/audit.log.
# ORGSPACE_APISERVER_EXTRA_ARGS adds kube-apiserver flags.
# Single sign-on (off by default): with ORGSPACE_OIDC_ISSUER_URL set, kube-apiserver also accepts
# the JWTs of that OpenID Connect issuer, through a structured AuthenticationConfiguration written
# to <state>/authentication-config.yaml: user name from the `email` claim, groups from `groups`,
# both prefixed `oidc:`. ORGSPACE_OIDC_AUDIENCES (comma-separated client ids; default kubectl) and
# ORGSPACE_OIDC_CA_FILE (PEM of the CA that signed the issuer's certificate) go with it. The issuer
# need not be up when kube-apiserver starts: it fetches the issuer's keys in the background and
# refuses that issuer's tokens (401) until it has them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${ORGSPACE_CONTROLPLANE_DIR:-${ORGSPACE_CACHE:-$HOME/.cache/orgspace}/run}"
etcd_port="${ORGSPACE_ETCD_PORT:-23790}"
apiserver_port="${ORGSPACE_APISERVER_PORT:-16443}"
kubeconfig="$state/admin.kubeconfig"
simulated_node=orgspace-simulated-node
# Pod addresses: a /21 of 198.18.0.0/15 (reserved for benchmarks), one of 31 chosen by the API server
# port so that control planes side by side on one machine do not share addresses; the /21 after it
# is left for the link a traffic test makes to its own network namespace.
pod_block=$(( apiserver_port % 31 * 4096 ))
simulated_pod_cidr="198.$(( 18 + pod_block / 65536 )).$(( pod_block % 65536 / 256 )).0/21"

# A pid file counts only if that pid still runs the same program (pids get reused).
alive() {
  [[ -f "$state/$1.pid" ]] || return 1
  local pid; pid="$(cat "$state/$1.pid")"
  kill -0 "$pid" 2>/dev/null && tr "\\0" " " < "/proc/$pid/cmdline" 2>/dev/null | grep -q "/$1 "
}

ready() {
  curl -fsS --max-time 2 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" \
    --key "$state/pki/admin.key" "https://127.0.0.1:$apiserver_port/readyz" >/dev/null 2>&1
}

wait_for() { # name, seconds, command...
  local name="$1" deadline=$(( $(date +%s) + $2 )); shift 2
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      echo "timed out waiting for $name; logs in $state/logs" >&2
      tail -n 30 "$state/logs/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

cert() { # name, subject, [extensions for a server certificate]
  local name="$1" subject="$2" ext="${3:-}"
  openssl genrsa -out "$state/pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$state/pki/$name.key" -subj "$subject" -out "$state/pki/$name.csr" 2>/dev/null
  if [[ -n "$ext" ]]; then
    openssl x509 -req -in "$state/pki/$name.csr" -CA "$state/pki/ca.crt" -CAkey "$state/pki/ca.key" \
      -CAcreateserial -days 365 -extfile <(printf '%s' "$ext") -out "$state/pki/$name.crt" 2>/dev/null
  else
    openssl x509 -req -in "$state/pki/$name.csr" -CA "$state/pki/ca.crt" -CAkey "$state/pki/ca.key" \
      -CAcreateserial -days 365 -out "$state/pki/$name.crt" 2>/dev/null
  fi
}

write_kubeconfig() { # file, user cert name
  local file="$1" user="$2"
  cat > "$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: orgspace-local
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority-data: $(base64 -w0 < "$state/pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 < "$state/pki/$user.crt")
    client-key-data: $(base64 -w0 < "$state/pki/$user.key")
contexts:
- name: orgspace-local
  context: {cluster: orgspace-local, user: $user}
current-context: orgspace-local
KUBECONFIG
}

generate_pki() {
  mkdir -p "$state/pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=orgspace-local-ca" \
    -keyout "$state/pki/ca.key" -out "$state/pki/ca.crt" 2>/dev/null
  cert apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
  cert admin "/O=system:masters/CN=orgspace-admin"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  openssl genrsa -out "$state/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$state/pki/sa.key" -pubout -out "$state/pki/sa.pub" 2>/dev/null
}

# The AuthenticationConfiguration of ORGSPACE_OIDC_* (see the top of this file), as a flag.
sso_flags() {
  [[ -n "${ORGSPACE_OIDC_ISSUER_URL:-}" ]] || return 0
  local config="$state/authentication-config.yaml" audiences="" ca="" id
  local -a ids
  IFS=, read -ra ids <<< "${ORGSPACE_OIDC_AUDIENCES:-kubectl}"
  for id in "${ids[@]}"; do audiences+="      - \"$id\"
"; done
  if [[ -n "${ORGSPACE_OIDC_CA_FILE:-}" ]]; then
    ca="      certificateAuthority: |
$(sed 's/^/        /' "$ORGSPACE_OIDC_CA_FILE")
"
  fi
  cat > "$config" <<CONFIG
apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
  - issuer:
      url: "$ORGSPACE_OIDC_ISSUER_URL"
      audiences:
${audiences}      audienceMatchPolicy: MatchAny
${ca}    claimMappings:
      username:
        claim: email
        prefix: "oidc:"
      groups:
        claim: groups
        prefix: "oidc:"
CONFIG
  echo "--authentication-config $config"
}

start_apiserver() { # bin directory
  local bin="$1"
  setsid "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$apiserver_port" \
    --cert-dir "$state/pki" \
    --tls-cert-file "$state/pki/apiserver.crt" --tls-private-key-file "$state/pki/apiserver.key" \
    --client-ca-file "$state/pki/ca.crt" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$state/pki/sa.pub" \
    --service-account-signing-key-file "$state/pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/16 \
    --allow-privileged=true \
    --profiling=false \
    --audit-policy-file "$here/../docs/audit-policy.yaml" --audit-log-path "$state/logs/audit.log" \
    $(sso_flags) ${ORGSPACE_APISERVER_EXTRA_ARGS:-} \
    > "$state/logs/kube-apiserver.log" 2>&1 < /dev/null &
  echo $! > "$state/kube-apiserver.pid"
  wait_for kube-apiserver 120 ready
}

# Stops kube-apiserver alone (SIGTERM, then SIGKILL after 10 s) and starts it again on the same
# port, certificates and etcd data: clients see the API server go away and come back, as in a
# rolling restart of a real control plane. Etcd and the controller manager keep running.
restart_apiserver() {
  if ! alive etcd || ! alive kube-apiserver; then
    echo "control plane not running ($state); run '$0 up' first" >&2
    exit 1
  fi
  local pid; pid="$(cat "$state/kube-apiserver.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  mv -f "$state/logs/kube-apiserver.log" "$state/logs/kube-apiserver.previous.log"
  start_apiserver "$(readlink "$state/bin")"
  echo "kube-apiserver restarted on https://127.0.0.1:$apiserver_port" >&2
}

up() {
  if alive etcd && alive kube-apiserver && alive kube-controller-manager && alive kube-scheduler && alive kwok \
      && ready; then
    echo "control plane already running ($state)" >&2
    echo "export KUBECONFIG=$kubeconfig"
    return
  fi
  down_quietly
  local bin kwok_bin; bin="$("$here/build.sh")"; kwok_bin="$("$here/kwok/build.sh")"
  mkdir -p "$state/logs" "$state/etcd"
  generate_pki
  ln -sfn "$bin" "$state/bin"

  setsid "$bin/etcd" --name orgspace --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$((etcd_port + 10))" \
    --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 10))" \
    --initial-cluster "orgspace=http://127.0.0.1:$((etcd_port + 10))" \
    --unsafe-no-fsync=true --quota-backend-bytes=4294967296 \
    > "$state/logs/etcd.log" 2>&1 < /dev/null &
  echo $! > "$state/etcd.pid"
  wait_for etcd 60 curl -fsS --max-time 2 "http://127.0.0.1:$etcd_port/health"

  start_apiserver "$bin"

  write_kubeconfig "$kubeconfig" admin
  write_kubeconfig "$state/controller-manager.kubeconfig" controller-manager
  setsid "$bin/kube-controller-manager" \
    --kubeconfig "$state/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$state/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$state/controller-manager.kubeconfig" \
    --leader-elect=false --secure-port=0 --use-service-account-credentials=true \
    --controllers namespace,garbagecollector,serviceaccount,serviceaccount-token,root-ca-cert-publisher,deployment,replicaset,endpointslice \
    --service-account-private-key-file "$state/pki/sa.key" \
    --root-ca-file "$state/pki/ca.crt" \
    --concurrent-namespace-syncs 4 --concurrent-gc-syncs 10 \
    > "$state/logs/kube-controller-manager.log" 2>&1 < /dev/null &
  echo $! > "$state/kube-controller-manager.pid"
  # The controller manager is ready when it has created the default ServiceAccount.
  wait_for kube-controller-manager 120 "$bin/kubectl" --kubeconfig "$kubeconfig" get serviceaccount default -n default

  write_kubeconfig "$state/scheduler.kubeconfig" scheduler
  setsid "$bin/kube-scheduler" \
    --kubeconfig "$state/scheduler.kubeconfig" \
    --authentication-kubeconfig "$state/scheduler.kubeconfig" \
    --authorization-kubeconfig "$state/scheduler.kubeconfig" \
    --leader-elect=false --secure-port=0 \
    > "$state/logs/kube-scheduler.log" 2>&1 < /dev/null &
  echo $! > "$state/kube-scheduler.pid"

  start_simulated_node "$bin" "$kwok_bin"
  echo "control plane up: Kubernetes $("$bin/kube-apiserver" --version | cut -d' ' -f2) on https://127.0.0.1:$apiserver_port (state in $state)" >&2
  echo "export KUBECONFIG=$kubeconfig"
}

# One node, simulated by kwok: it marks the node Ready and keeps its lease, and marks each pod
# bound to it Running and Ready (stages in kwok/stages and from kwok's module). Pod addresses come
# from the node's podCIDR; without it kwok would hand out 10.0.0.0/24, a private range.
start_simulated_node() { # k8s bin directory, kwok bin directory
  local bin="$1" kwok_bin="$2"
  "$bin/kubectl" --kubeconfig "$kubeconfig" apply --server-side --field-manager=orgspace-controlplane -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $simulated_node
  labels:
    kubernetes.io/hostname: $simulated_node
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
    orgspace.io/simulated-node: "true"
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
spec:
  podCIDR: $simulated_pod_cidr
  podCIDRs: [$simulated_pod_cidr]
NODE
  local stages=()
  for f in "$kwok_bin"/stages/*.yaml "$here"/kwok/stages/*.yaml; do stages+=(--config "$f"); done
  setsid "$kwok_bin/kwok" --kubeconfig "$kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-label-selector orgspace.io/simulated-node=true \
    --cidr "$simulated_pod_cidr" --node-ip 127.0.0.1 \
    "${stages[@]}" \
    > "$state/logs/kwok.log" 2>&1 < /dev/null &
  echo $! > "$state/kwok.pid"
  wait_for kwok 120 "$bin/kubectl" --kubeconfig "$kubeconfig" wait --for=condition=Ready --timeout=1s \
    "node/$simulated_node"
  # The API server taints a new node not-ready; the node lifecycle controller, which would lift the
  # taint once the node is Ready, does not run here (it would also evict pods): lift it here.
  "$bin/kubectl" --kubeconfig "$kubeconfig" taint node "$simulated_node" node.kubernetes.io/not-ready:NoSchedule- \
    >/dev/null 2>&1 || true
}

down_quietly() {
  for p in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    if alive "$p"; then
      local pid; pid="$(cat "$state/$p.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$state"
}

case "${1:-}" in
  up) up ;;
  down) down_quietly; echo "control plane stopped" >&2 ;;
  env) alive kube-apiserver && ready && echo "export KUBECONFIG=$kubeconfig" ;;
  restart-apiserver) restart_apiserver ;;
  *) echo "usage: $0 up|down|env|restart-apiserver" >&2; exit 2 ;;
esac
