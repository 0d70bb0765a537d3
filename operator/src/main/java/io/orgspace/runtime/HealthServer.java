package io.orgspace.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Serves /healthz (process alive), /readyz (informers synced and healthy) and /metrics. */
public final class HealthServer implements AutoCloseable {
  /** Probes and scrapes: a few clients, small GET requests. */
  private static final HttpEndpoint.Limits LIMITS =
      new HttpEndpoint.Limits(64, Duration.ofSeconds(10), Duration.ofSeconds(60));
  private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpEndpoint endpoint;

  public HealthServer(int port, BooleanSupplier ready, Supplier<String> metrics) {
    endpoint = new HttpEndpoint("health-server", port, LIMITS, 64 * 1024, 2, request -> switch (request.path()) {
      case "/healthz" -> HttpEndpoint.Response.text(200, "ok\n");
      case "/readyz" -> ready.getAsBoolean() ? HttpEndpoint.Response.text(200, "ready\n")
          : HttpEndpoint.Response.text(503, "not ready\n");
      case "/metrics" -> new HttpEndpoint.Response(200, METRICS_TYPE,
          metrics.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> HttpEndpoint.Response.text(404, "not found\n");
    });
  }

  public void start() {
    endpoint.start();
  }

  public int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
