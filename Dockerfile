# The operator's container image, for machines with a container engine (`docker build -t
# <repository>:<tag> .`). Without one, `mvn -B -Pimage -DskipTests package` builds the same image as
# an OCI tarball with Jib (see README, "Container image").

# Build stage: the shaded jar, from the sources, with the Maven and JDK versions the project uses.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that a change of the sources alone reuses this layer.
COPY pom.xml ./
COPY operator/pom.xml operator/
RUN mvn -B -q -pl operator -am dependency:go-offline
COPY operator/src operator/src
RUN mvn -B -q -DskipTests package

# Run stage: a JRE 17 without shell or package manager, as uid/gid 65532 ("nonroot").
FROM gcr.io/distroless/java17-debian12:nonroot
LABEL org.opencontainers.image.title="orgspace-operator"
WORKDIR /app
COPY --from=build /src/operator/target/orgspace-operator.jar /app/orgspace-operator.jar
USER 65532:65532
# /healthz, /readyz and /metrics; Git provider webhooks.
EXPOSE 8081 8082
# The chart passes the log level and JVM options in JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-jar", "/app/orgspace-operator.jar"]
