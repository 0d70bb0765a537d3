package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Condition;
import io.orgspace.forge.Feedback;
import io.orgspace.forge.ForgeClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports previews on their pull requests off the reconcile thread: reconciles {@link #offer} what
 * the pull request should show; two workers behind a bounded queue send it (only when it differs
 * from what was last sent; the latest report of an environment wins over one still waiting). A
 * failed report is kept for the Environment's {@code FeedbackFailed} condition and tried again
 * after {@link #RETRY_FAILED}, never in a tight loop; an outcome that changes triggers the
 * environment's reconcile, which writes the condition.
 */
public class PreviewFeedback {
  public static final String CONDITION = "FeedbackFailed";
  static final Duration RETRY_FAILED = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(PreviewFeedback.class);

  record Failure(PreviewReport report, String reason, String message, Instant at) {}

  private final KubernetesClient client;
  private final ForgeClient forge;
  private final Clock clock;
  private final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
      new ArrayBlockingQueue<>(512), r -> {
        Thread t = new Thread(r, "forge-feedback");
        t.setDaemon(true);
        return t;
      });
  private final Map<ResourceID, PreviewReport> waiting = new ConcurrentHashMap<>();
  private final Map<ResourceID, PreviewReport> sent = new ConcurrentHashMap<>();
  private final Map<ResourceID, Failure> failures = new ConcurrentHashMap<>();
  private final Set<ResourceID> queued = ConcurrentHashMap.newKeySet();
  private volatile Consumer<ResourceID> onOutcomeChange = id -> {};

  public PreviewFeedback(KubernetesClient client, ForgeClient forge, Clock clock) {
    this.client = client;
    this.forge = forge;
    this.clock = clock;
    workers.allowCoreThreadTimeOut(true);
  }

  void onOutcomeChange(Consumer<ResourceID> listener) {
    this.onOutcomeChange = listener;
  }

  void offer(Optional<PreviewReport> report) {
    report.ifPresent(this::offer);
  }

  void offer(PreviewReport report) {
    ResourceID id = report.environment();
    if (report.equals(sent.get(id))) {
      return;
    }
    Failure failed = failures.get(id);
    if (failed != null && failed.report().equals(report)
        && clock.instant().isBefore(failed.at().plus(RETRY_FAILED))) {
      return;
    }
    waiting.put(id, report);
    if (queued.add(id)) {
      try {
        workers.execute(() -> send(id));
      } catch (RejectedExecutionException e) {
        queued.remove(id);
        waiting.remove(id);
        fail(report, "FeedbackQueueFull", "too many reports waiting for the forge; will try again");
      }
    }
  }

  /** The Environment's {@code FeedbackFailed} condition when its pull request is reported on, else null. */
  Condition condition(ResourceID id, Optional<PreviewReport> report, long generation) {
    if (report.isEmpty()) {
      return null;
    }
    Failure failed = failures.get(id);
    return failed == null
        ? new Condition(CONDITION, Condition.FALSE, "Reported", "no failure reporting to the pull request", generation)
        : new Condition(CONDITION, Condition.TRUE, failed.reason(), failed.message(), generation);
  }

  boolean hasFailed(ResourceID id) {
    return failures.containsKey(id);
  }

  /** A deleted environment: its final report is sent, then nothing of it is kept. */
  void forget(ResourceID id) {
    sent.remove(id);
    failures.remove(id);
  }

  /**
   * One report of an environment at a time (the id stays queued while it is sent): two at once
   * would both find no comment and make two. A report that came meanwhile is sent next.
   */
  private void send(ResourceID id) {
    try {
      sendWaiting(id);
    } finally {
      queued.remove(id);
      if (waiting.containsKey(id) && queued.add(id)) {
        try {
          workers.execute(() -> send(id));
        } catch (RejectedExecutionException e) {
          queued.remove(id);
        }
      }
    }
  }

  private void sendWaiting(ResourceID id) {
    PreviewReport report = waiting.remove(id);
    if (report == null || report.equals(sent.get(id))) {
      return;
    }
    try {
      Feedback.report(forge, report.repository(), token(report), report.number(), report.status(), report.comment());
      sent.put(id, report);
      boolean recovered = failures.remove(id) != null;
      log.info("environment {}: reported {} on pull request #{} ({})", id, report.status().state(), report.number(),
          report.status().sha());
      if (recovered) {
        onOutcomeChange.accept(id);
      }
    } catch (ForgeClient.FeedbackException e) {
      fail(report, e.reason(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail(report, "FeedbackError", e.getClass().getSimpleName());
    }
  }

  private void fail(PreviewReport report, String reason, String message) {
    ResourceID id = report.environment();
    Failure previous = failures.put(id, new Failure(report, reason, message, clock.instant()));
    log.warn("environment {}: reporting on pull request #{} failed: {}: {}", id, report.number(), reason, message);
    if (previous == null || !previous.reason().equals(reason) || !previous.message().equals(message)) {
      onOutcomeChange.accept(id);
    }
  }

  private String token(PreviewReport report) throws ForgeClient.FeedbackException {
    Secret secret = client.secrets().inNamespace(report.projectNamespace()).withName(report.token().name).get();
    String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(report.token().key);
    if (encoded == null) {
      throw new ForgeClient.FeedbackException("TokenMissing", "Secret " + report.token().name + " (key "
          + report.token().key + ") named by the project's repository.tokenSecretRef is missing");
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
  }

  public void close() {
    workers.shutdownNow();
  }
}
