package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.orgspace.api.HealthProbes;
import io.orgspace.api.HttpProbe;

/**
 * The application container's readiness and liveness probes, from the project's {@code probes}:
 * HTTP GETs of a path (default /) on a port (default the container's). Liveness waits 30 s by
 * default before its first probe, so that a slow start is not taken for a hang and restarted.
 */
final class Probes {
  static final String DEFAULT_PATH = "/";

  private Probes() {}

  static void apply(Container container, EnvironmentPlan plan) {
    HealthProbes probes = plan.project() == null ? null : plan.project().getSpec().probes;
    if (probes == null) {
      return;
    }
    container.setReadinessProbe(probe(probes.readiness, plan.port(), 0, 5));
    container.setLivenessProbe(probe(probes.liveness, plan.port(), 30, 10));
  }

  static Probe probe(HttpProbe spec, int containerPort, int defaultDelay, int defaultPeriod) {
    if (spec == null) {
      return null;
    }
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(spec.path != null ? spec.path : DEFAULT_PATH)
        .withPort(new IntOrString(spec.port != null ? spec.port : containerPort))
        .endHttpGet()
        .withInitialDelaySeconds(spec.initialDelaySeconds != null ? spec.initialDelaySeconds : defaultDelay)
        .withPeriodSeconds(spec.periodSeconds != null ? spec.periodSeconds : defaultPeriod)
        .withFailureThreshold(spec.failureThreshold != null ? spec.failureThreshold : 3)
        .withTimeoutSeconds(1)
        .withSuccessThreshold(1)
        .build();
  }
}
