package io.orgspace.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orgspace.api.Condition;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.Repository;
import io.orgspace.api.Validation;
import io.orgspace.api.WebhookStatus;
import io.orgspace.common.Conditions;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.StatusUpdates;
import io.orgspace.runtime.HttpEndpoint;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git provider webhooks at {@code POST /webhooks/<organization>/<project>}: the delivery is checked
 * against the Project's secret over the raw body (constant-time) before anything is parsed, then a
 * pull-request event creates, updates or deletes the pull request's Environment.
 *
 * <p>Answers: 401 for every delivery that is not authentic — no such organization or project, no
 * usable secret, a missing or wrong signature — with one status and body, so that the answer tells
 * an outsider nothing (the reason is logged and counted); 413 body over 1 MiB, 202 event ignored,
 * 400 malformed payload, 200 applied or duplicate. Responses never carry the secret or the
 * payload. A refused delivery costs no request to the API server: Projects, secrets and applied
 * delivery ids come from caches.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final int MAX_BODY = 1024 * 1024;
  public static final String PREFIX = "/webhooks/";
  private static final int WORKERS = 8;
  private static final int WRITE_ATTEMPTS = 3;
  /** The one answer to a delivery that is not authentic, whatever the reason. */
  static final String REFUSED_MESSAGE = "delivery refused: no such webhook, or a missing or wrong signature";

  private final HttpEndpoint endpoint;
  private final SharedIndexInformer<Project> projects;
  private final WebhookSecrets secrets;
  private final PullRequestLedger ledger;
  private final PreviewWriter writer;
  private final DeliveryLog deliveries;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Timer latency;
  /** Audit Events, written after the answer. */
  private final ExecutorService audit;
  /** One delivery per project at a time in this process: its status write never races its own. */
  private final Object[] projectLocks = new Object[64];

  /**
   * @param projects every Project, @param events the Events Orgspace labelled: the webhook reads
   *     them from these caches, never per delivery
   */
  public WebhookServer(int port, HttpEndpoint.Limits limits, KubernetesClient client,
      SharedIndexInformer<Project> projects, SharedIndexInformer<Event> events, MeterRegistry registry,
      String instance, Clock clock) {
    this.projects = projects;
    this.secrets = new WebhookSecrets(client);
    projects.addEventHandler(secrets);
    this.ledger = new PullRequestLedger(client);
    this.writer = new PreviewWriter(client);
    this.deliveries = new DeliveryLog(client, instance, events.getIndexer());
    this.clock = clock;
    this.registry = registry;
    this.latency = Timer.builder("orgspace.webhook.duration").description("Time to answer a webhook delivery")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.audit = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
        r -> {
          Thread t = new Thread(r, "webhook-audit");
          t.setDaemon(true);
          return t;
        });
    for (int i = 0; i < projectLocks.length; i++) {
      projectLocks[i] = new Object();
    }
    this.endpoint = new HttpEndpoint("webhook", port, limits, MAX_BODY, WORKERS, new HttpEndpoint.Handler() {
      @Override
      public HttpEndpoint.Response handle(HttpEndpoint.Request request) {
        return answer(request);
      }

      @Override
      public HttpEndpoint.Response refused(int status, String reason) {
        String why = switch (status) {
          case 413 -> "body-over-limit";
          case 431 -> "headers-too-long";
          case 503 -> "busy";
          default -> "malformed-request";
        };
        String result = status == 413 ? "too-large" : status == 503 ? "busy" : "bad-request";
        return respond(null, outcome("unknown", status, result, why, reason));
      }
    });
  }

  /**
   * @param reason a short code for the log and the metric's label; @param deliveryId logged when
   *     the delivery was authentic
   */
  record Outcome(String provider, int status, String result, String reason, String message, String deliveryId) {}

  public void start() {
    endpoint.start();
  }

  public int port() {
    return endpoint.port();
  }

  /** The secrets of every Project are in the cache. */
  public boolean hasSynced() {
    return secrets.hasSynced();
  }

  @Override
  public void close() {
    endpoint.close();
    audit.shutdownNow();
    secrets.close();
  }

  private HttpEndpoint.Response answer(HttpEndpoint.Request request) {
    long start = System.nanoTime();
    Outcome outcome;
    try {
      outcome = deliver(request);
    } catch (RuntimeException e) {
      log.warn("webhook {} failed: {}", LogText.of(request.path()), StatusUpdates.describe(e));
      outcome = new Outcome("unknown", 500, "error", "error", "delivery could not be applied; retry later", null);
    }
    HttpEndpoint.Response response = respond(request.path(), outcome);
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return response;
  }

  /** Counts and logs an outcome (request text escaped) and renders it as the JSON answer. */
  private HttpEndpoint.Response respond(String path, Outcome outcome) {
    Counter.builder("orgspace.webhook.deliveries").description("Webhook deliveries by provider, result and reason")
        .tag("provider", outcome.provider()).tag("result", outcome.result()).tag("reason", outcome.reason())
        .register(registry).increment();
    log.info("webhook {}{}: {} {} ({}): {}", LogText.of(path),
        outcome.deliveryId() == null ? "" : " " + outcome.provider() + " delivery " + LogText.of(outcome.deliveryId()),
        outcome.status(), outcome.result(), outcome.reason(), LogText.of(outcome.message()));
    Map<String, String> body = new LinkedHashMap<>();
    body.put("result", outcome.result());
    body.put("message", outcome.message());
    try {
      return HttpEndpoint.Response.json(outcome.status(), JSON.writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean inUnverifiedNamespace(Project project) {
    Condition ready = project.getStatus() == null ? null : Conditions.find(project.getStatus().conditions, Condition.READY);
    return ready != null && HomeNamespaces.NOT_VERIFIED.equals(ready.reason);
  }

  private static Outcome outcome(String provider, int status, String result, String reason, String message) {
    return new Outcome(provider, status, result, reason, message, null);
  }

  private Outcome deliver(HttpEndpoint.Request request) {
    String path = request.path();
    if (!path.startsWith(PREFIX)) {
      return outcome("unknown", 404, "not-found", "path", "use POST /webhooks/<organization>/<project>");
    }
    if (!"POST".equals(request.method())) {
      return outcome("unknown", 405, "method-not-allowed", "method", "use POST");
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    boolean wellFormed = parts.length == 2 && parts[0].matches(Validation.DNS_LABEL) && parts[1].matches(Validation.DNS_LABEL);
    Project cached = wellFormed
        ? projects.getIndexer().getByKey(Organization.homeNamespace(parts[0]) + "/" + parts[1]) : null;
    // A Project in a namespace not proven its organization's is ignored by every controller; its
    // webhook is refused like an unknown one, so a squatted namespace cannot even collect deliveries.
    Project project = cached == null || inUnverifiedNamespace(cached) ? null : cached;
    Function<String, String> header = request::header;
    byte[] body = request.body();

    // Authentic or not, before anything else: every refusal below gets the same answer, after the same work.
    WebhookSecrets.Value secret = project == null ? null : secrets.value(project);
    GitProvider provider = project == null ? GitProvider.github : project.getSpec().repository.provider;
    if (!Signatures.verify(provider, secret == null ? null : secret.bytes(), body, header)) {
      String reason = !wellFormed ? "malformed-path" : cached != null && project == null ? "namespace-not-verified"
          : project == null ? "unknown-project"
          : secret.lookup() == WebhookSecrets.Lookup.NO_REFERENCE ? "no-secret"
          : secret.lookup() == WebhookSecrets.Lookup.MISSING ? "secret-missing"
          : !Repository.isStrongWebhookSecret(secret.bytes()) ? "weak-secret"
          : "bad-signature";
      return outcome(project == null ? "unknown" : provider.name(), 401, "unauthorized", reason, REFUSED_MESSAGE);
    }
    String providerName = provider.name();
    if (!Payloads.isPullRequestEvent(provider, Payloads.eventName(provider, header))) {
      return outcome(providerName, 202, "ignored", "not-a-pull-request", "event is not a pull request event");
    }
    String deliveryId = Payloads.deliveryId(provider, header);
    if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
      return outcome(providerName, 400, "bad-request", "no-delivery-id", "missing delivery id header");
    }
    if (deliveries.seen(project, deliveryId)) {
      return new Outcome(providerName, 200, "duplicate", "duplicate", "delivery was applied already", deliveryId);
    }
    PullRequestEvent pullRequest;
    try {
      pullRequest = Payloads.parse(provider, body);
    } catch (Payloads.MalformedPayload e) {
      return new Outcome(providerName, 400, "bad-request", "malformed-payload", e.getMessage(), deliveryId);
    }
    return preview(project, parts[0], providerName, deliveryId, pullRequest);
  }

  /** Decides, records the decision in the Project's status, then writes the Environment. */
  private Outcome preview(Project project, String organization, String provider, String deliveryId,
      PullRequestEvent pullRequest) {
    String environment = PreviewWriter.environmentName(project, pullRequest.number());
    PreviewDecision decision;
    String result;
    synchronized (projectLocks[Math.floorMod(project.getMetadata().getUid().hashCode(), projectLocks.length)]) {
      decision = decideAndRecord(ledger.newest(project), pullRequest);
      switch (decision.kind()) {
        case APPLY -> {
          try {
            writer.apply(project, organization, pullRequest);
          } catch (KubernetesClientException e) {
            if (e.getCode() != 422) {
              throw e;
            }
            // The payload made an Environment the schema refuses: the delivery is bad, a retry will not help.
            return new Outcome(provider, 400, "bad-request", "invalid-environment",
                "the pull request does not make a valid Environment (the API server refused it)", deliveryId);
          }
          result = "environment " + environment + " applied";
        }
        case DELETE -> result = writer.delete(project, pullRequest.number())
            ? "environment " + environment + " deleted" : "no environment to delete";
        default -> result = "ignored: " + decision.reason();
      }
    }
    deliveries.remember(project, deliveryId);
    String action = pullRequest.action().name().toLowerCase();
    long number = pullRequest.number();
    try {
      // The audit Event (also the replay guard for the same delivery id) need not delay the answer.
      audit.execute(() -> {
        try {
          deliveries.record(project, provider, deliveryId, number, action, result);
        } catch (RuntimeException e) {
          log.warn("audit event for delivery {} not written: {}", LogText.of(deliveryId), StatusUpdates.describe(e));
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("audit event for delivery {} not written: too many waiting", LogText.of(deliveryId));
    }
    return new Outcome(provider, decision.kind() == PreviewDecision.Kind.IGNORE ? 202 : 200,
        decision.kind().name().toLowerCase(), decision.why(),
        "pull request #" + number + " " + action + ": " + result, deliveryId);
  }

  /**
   * The decision on the newest state of the Project, stored in its status before anything is
   * written: a replica that lost the race to another reads the Project again and decides again.
   */
  private PreviewDecision decideAndRecord(Project project, PullRequestEvent pullRequest) {
    Project current = project;
    for (int attempt = 1; ; attempt++) {
      WebhookStatus memory = PullRequestLedger.memory(current);
      PreviewDecision decision = PreviewDecision.decide(pullRequest, current.getSpec().previews, memory);
      WebhookStatus next = decision.kind() == PreviewDecision.Kind.IGNORE ? memory
          : PullRequestOrder.record(memory, pullRequest, clock.instant());
      if (next == memory || ledger.write(current, next) != null) {
        return decision;
      }
      if (attempt == WRITE_ATTEMPTS) {
        throw new IllegalStateException("project " + current.getMetadata().getName() + " kept changing");
      }
      current = ledger.fresh(current);
    }
  }
}
