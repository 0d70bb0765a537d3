# The two commands of the README: `make run` and `make test`.
.PHONY: run test build generate controlplane helm traefik gitea keycloak image down bench bench-webhook

run:            ## build, start the local control plane, install CRDs, apply examples/, run the operator
	controlplane/run-operator.sh

test: controlplane helm traefik gitea keycloak ## every test: unit tests and integration tests against the real API server
	mvn -B verify

build:
	mvn -B -q -DskipTests package

generate:       ## regenerate crds/, the chart's CRDs and its role, policy and operator-guard files from the Java model
	mvn -B -q -DskipTests package
	for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do cp "$$f" "crds/$$(basename "$$f" -v1.yml).yaml"; done
	rm -f helm/orgspace/crds/*.yaml && cp crds/*.yaml helm/orgspace/crds/
	java -cp operator/target/orgspace-operator.jar io.orgspace.access.ClusterWideObjects .

controlplane:
	controlplane/run.sh up

helm:           ## build helm from the Go module proxy (cached); prints its path
	controlplane/helm/build.sh

traefik:        ## build Traefik from the Go module proxy (cached), for the traffic tests; prints its path
	controlplane/traefik/build.sh

gitea:          ## build Gitea from the Go module proxy (cached), for the pull-request journey test; prints its path
	controlplane/gitea/build.sh

keycloak:       ## fetch Keycloak from Maven Central and build it once (cached), for the single sign-on tests; prints its home
	controlplane/keycloak/build.sh

image:          ## the operator's OCI image as a tarball, without a Docker daemon (Jib): operator/target/orgspace-operator-image.tar
	mvn -B -Pimage -DskipTests package

down:
	controlplane/run.sh down

SIZES ?= 100 1000
# Side by side with Capsule (BENCHMARKS.md): CAPSULE=<controller binary>, CAPSULE_CRDS=<its charts/capsule/crds>,
# PEER_SHAPE=<tenants>x<namespaces each> (default 20x50). With SIZES= (empty) only the comparison runs.
BENCH_PROPERTIES = $(if $(CAPSULE),-Dbench.capsule=$(CAPSULE)) $(if $(CAPSULE_CRDS),-Dbench.capsuleCrds=$(CAPSULE_CRDS)) \
	$(if $(PEER_SHAPE),-Dbench.peerShape=$(PEER_SHAPE)) $(if $(IDLE_SECONDS),-Dbench.idleSeconds=$(IDLE_SECONDS))

bench:          ## benchmark: 100 and 1,000 environments; prints a table, writes operator/target/bench/scale.json (SIZES="100 1000" CAPSULE=...)
	mvn -B -q -DskipTests package
	controlplane/run.sh up
	cd operator && mvn -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.orgspace.bench.ScaleBench -Dorgspace.root=$(CURDIR) $(BENCH_PROPERTIES) -Dexec.args="$(SIZES)"

bench-webhook:  ## benchmark: webhook delivery -> Environment written, p50/p99 over 1,000 deliveries
	mvn -B -q -DskipTests package
	controlplane/run.sh up
	cd operator && mvn -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.orgspace.bench.WebhookBench -Dorgspace.root=$(CURDIR)
