# The two commands of the README: `make run` and `make test`.
.PHONY: run test build crds controlplane down

run:            ## build, start the local control plane, install CRDs, apply examples/, run the operator
	controlplane/run-operator.sh

test: controlplane ## every test: unit tests and integration tests against the real API server
	mvn -B verify

build:
	mvn -B -q -DskipTests package

crds:           ## regenerate crds/ from the Java model
	mvn -B -q -DskipTests process-classes
	for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do cp "$$f" "crds/$$(basename "$$f" -v1.yml).yaml"; done

controlplane:
	controlplane/run.sh up

down:
	controlplane/run.sh down
