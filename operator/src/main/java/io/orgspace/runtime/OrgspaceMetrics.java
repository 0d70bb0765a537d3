package io.orgspace.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Orgspace's own Prometheus series, recorded through Micrometer's global registry (the operator
 * adds its Prometheus registry to it at start; without it, as in unit tests, they go nowhere).
 */
public final class OrgspaceMetrics {
  private OrgspaceMetrics() {}

  /** One reconcile of {@code kind} ended with {@code outcome}: counted, and its duration in a histogram. */
  public static void reconciled(String kind, String outcome, long nanos) {
    Timer.builder("orgspace.reconcile")
        .description("Reconcile duration by kind (controller) and outcome")
        .tag("kind", kind).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(Metrics.globalRegistry)
        .record(Duration.ofNanos(nanos));
  }

  /**
   * A request to the Kubernetes API server (watches included, counted when they open), by method
   * and resource (e.g. {@code leases}: leader election's heartbeat; the kinds are few and fixed).
   */
  public static void apiRequest(String method, String resource) {
    Counter.builder("orgspace.kubernetes.requests").description("Requests to the Kubernetes API server by method and resource")
        .tag("method", method).tag("resource", resource).register(Metrics.globalRegistry).increment();
  }

  /**
   * The server closed a client's connection on a limit: {@code connection-limit} (too many open),
   * {@code request-timeout} (a request not sent whole in time) or {@code idle-timeout}.
   */
  public static void httpConnectionClosed(String endpoint, String reason) {
    Counter.builder("orgspace.http.connections.closed")
        .description("Connections the operator's HTTP endpoints closed on a limit, by endpoint and reason")
        .tag("endpoint", endpoint).tag("reason", reason).register(Metrics.globalRegistry).increment();
  }

  public static void certificatesIssued(int count) {
    if (count > 0) {
      Counter.builder("orgspace.ssh.certificates.issued").description("SSH user certificates signed")
          .register(Metrics.globalRegistry).increment(count);
    }
  }

  public static void certificateAuthorityRotated() {
    Counter.builder("orgspace.ssh.ca.rotations").description("SSH CA rotations carried out")
        .register(Metrics.globalRegistry).increment();
  }

  public static void apiKeyTokenIssued(boolean rotation) {
    Counter.builder("orgspace.apikey.tokens.issued").description("API key tokens issued (first or rotation)")
        .tag("reason", rotation ? "rotation" : "first")
        .register(Metrics.globalRegistry).increment();
  }
}
