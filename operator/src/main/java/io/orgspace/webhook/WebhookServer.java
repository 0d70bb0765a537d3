package io.orgspace.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.common.StatusUpdates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git provider webhooks at {@code POST /webhooks/<organization>/<project>}: the delivery is checked
 * against the Project's secret over the raw body (constant-time) before anything is parsed, then a
 * pull-request event creates, updates or deletes the pull request's Environment.
 *
 * <p>Answers: 404 unknown organization or project, 413 body over 1 MiB, 401 missing or wrong
 * signature, 202 event ignored, 400 malformed payload, 200 applied or duplicate. Responses never
 * carry the secret or the payload.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  public static final int MAX_BODY = 1024 * 1024;
  public static final String PREFIX = "/webhooks/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final KubernetesClient client;
  private final SharedIndexInformer<Project> projects;
  private final PreviewWriter writer;
  private final DeliveryLog deliveries;
  private final MeterRegistry registry;
  private final Timer latency;
  private static final long SECRET_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
  private final java.util.Map<String, CachedSecret> secrets = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param projects every Project; @param environments and @param events the Environments and
   *     Events Orgspace labelled: the webhook reads them from these caches, never per delivery
   */
  public WebhookServer(int port, KubernetesClient client, SharedIndexInformer<Project> projects,
      SharedIndexInformer<Environment> environments,
      SharedIndexInformer<io.fabric8.kubernetes.api.model.events.v1.Event> events,
      MeterRegistry registry, String instance) throws IOException {
    this.client = client;
    this.projects = projects;
    this.writer = new PreviewWriter(client, environments.getIndexer());
    this.deliveries = new DeliveryLog(client, instance, events.getIndexer());
    this.registry = registry;
    this.latency = Timer.builder("orgspace.webhook.duration").description("Time to answer a webhook delivery")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "webhook");
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(port), 64);
    server.setExecutor(executor);
    server.createContext(PREFIX, exchange -> {
      long start = System.nanoTime();
      Outcome outcome;
      try {
        outcome = handle(exchange);
      } catch (RuntimeException e) {
        log.warn("webhook {} failed: {}", exchange.getRequestURI().getPath(), StatusUpdates.describe(e));
        outcome = new Outcome(500, "error", "delivery could not be applied; retry later");
      }
      respond(exchange, outcome);
      latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    });
  }

  record Outcome(int status, String result, String message) {}

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private Outcome rejected(String provider, int status, String result, String message, String path) {
    Counter.builder("orgspace.webhook.deliveries").tag("provider", provider).tag("result", result)
        .register(registry).increment();
    log.info("webhook {} rejected: {} {} ({})", path, status, result, message);
    return new Outcome(status, result, message);
  }

  private Outcome handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod())) {
      return rejected("unknown", 405, "method-not-allowed", "use POST", path);
    }
    String[] parts = path.substring(PREFIX.length()).split("/");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return rejected("unknown", 404, "not-found", "use /webhooks/<organization>/<project>", path);
    }
    Project project = projects.getIndexer().getByKey(Organization.homeNamespace(parts[0]) + "/" + parts[1]);
    if (project == null) {
      return rejected("unknown", 404, "not-found", "no such organization or project", path);
    }
    GitProvider provider = project.getSpec().repository.provider;
    String providerName = provider.name();

    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && parseLong(length) > MAX_BODY) {
      drain(exchange.getRequestBody());
      return rejected(providerName, 413, "too-large", "body over " + MAX_BODY + " bytes", path);
    }
    byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY);
    if (body == null) {
      drain(exchange.getRequestBody());
      return rejected(providerName, 413, "too-large", "body over " + MAX_BODY + " bytes", path);
    }

    Function<String, String> header = name -> exchange.getRequestHeaders().getFirst(name);
    if (!verified(project, provider, body, header)) {
      return rejected(providerName, 401, "unauthorized", "missing or wrong signature", path);
    }
    String event = Payloads.eventName(provider, header);
    if (!Payloads.isPullRequestEvent(provider, event)) {
      return rejected(providerName, 202, "ignored", "event is not a pull request event", path);
    }
    String deliveryId = Payloads.deliveryId(provider, header);
    if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
      return rejected(providerName, 400, "bad-request", "missing delivery id header", path);
    }
    if (deliveries.seen(project, deliveryId)) {
      return rejected(providerName, 200, "duplicate", "delivery was applied already", path);
    }
    PullRequestEvent pullRequest;
    try {
      pullRequest = Payloads.parse(provider, body);
    } catch (Payloads.MalformedPayload e) {
      return rejected(providerName, 400, "bad-request", e.getMessage(), path);
    }
    PreviewDecision decision = PreviewDecision.decide(pullRequest, project.getSpec().previews,
        writer.recordedUpdatedAt(project, pullRequest.number()));
    String environment = PreviewWriter.environmentName(project, pullRequest.number());
    String outcome;
    switch (decision.kind()) {
      case APPLY -> {
        try {
          writer.apply(project, parts[0], pullRequest);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 422) {
            throw e;
          }
          // The payload made an Environment the schema refuses: the delivery is bad, a retry will not help.
          return rejected(providerName, 400, "bad-request",
              "the pull request does not make a valid Environment (the API server refused it)", path);
        }
        outcome = "environment " + environment + " applied";
      }
      case DELETE -> outcome = writer.delete(project, pullRequest.number(), pullRequest.updatedAt())
          ? "environment " + environment + " deleted" : "no environment to delete";
      default -> outcome = "ignored: " + decision.reason();
    }
    deliveries.remember(project, deliveryId);
    String action = pullRequest.action().name().toLowerCase();
    long number = pullRequest.number();
    // The audit Event (also the durable replay guard) need not delay the answer.
    executor.execute(() -> {
      try {
        deliveries.record(project, providerName, deliveryId, number, action, outcome);
      } catch (RuntimeException e) {
        log.warn("audit event for delivery {} not written: {}", deliveryId, StatusUpdates.describe(e));
      }
    });
    Counter.builder("orgspace.webhook.deliveries").tag("provider", providerName)
        .tag("result", decision.kind().name().toLowerCase()).register(registry).increment();
    log.info("webhook {} {} delivery {}: pull request #{} {} -> {}", path, providerName, deliveryId,
        pullRequest.number(), pullRequest.action().name().toLowerCase(), outcome);
    return new Outcome(decision.kind() == PreviewDecision.Kind.IGNORE ? 202 : 200,
        decision.kind().name().toLowerCase(), outcome);
  }

  /**
   * Checks the signature with the Project's secret, read through a short-lived cache; a failure
   * with a cached secret is checked once more with a fresh read, so a rotated secret works at once.
   */
  private boolean verified(Project project, GitProvider provider, byte[] body, Function<String, String> header) {
    var ref = project.getSpec().repository.webhookSecretRef;
    if (ref == null) {
      return false;
    }
    String key = project.getMetadata().getNamespace() + "/" + ref.name + "/" + ref.key;
    CachedSecret cached = secrets.get(key);
    if (cached != null && System.nanoTime() - cached.readAt() < SECRET_CACHE_NANOS
        && Signatures.verify(provider, cached.value(), body, header)) {
      return true;
    }
    Secret secret = client.secrets().inNamespace(project.getMetadata().getNamespace()).withName(ref.name).get();
    if (secret == null || secret.getData() == null || secret.getData().get(ref.key) == null) {
      secrets.remove(key);
      return false;
    }
    byte[] value = Base64.getDecoder().decode(secret.getData().get(ref.key));
    secrets.put(key, new CachedSecret(value, System.nanoTime()));
    return Signatures.verify(provider, value, body, header);
  }

  private record CachedSecret(byte[] value, long readAt) {}

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Reads and discards what is left of an oversized body (up to a bound), so that the client gets
   * its 413 instead of a reset connection; beyond the bound the connection is simply closed.
   */
  private static void drain(InputStream in) throws IOException {
    in.skipNBytes(0);
    long left = 8L * MAX_BODY;
    byte[] buffer = new byte[64 * 1024];
    int read;
    while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= read;
    }
  }

  /** The body, or null when it is longer than {@code limit}. */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  private static void respond(HttpExchange exchange, Outcome outcome) throws IOException {
    String json = "{\"result\":\"" + outcome.result() + "\",\"message\":\"" + outcome.message().replace("\"", "'") + "\"}\n";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(outcome.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
