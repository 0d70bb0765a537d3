package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Condition;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.Feedback;
import io.orgspace.forge.ForgeClient;
import io.orgspace.forge.ForgeToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports previews on their pull requests off the reconcile thread: reconciles {@link #offer} what
 * the pull request should show; workers behind a bounded queue send it. The rules:
 * <ul>
 *   <li>a report is sent only when it differs from the newest one accepted for its environment, and
 *       never one that steps back from it ({@link PreviewReport#stepsBackFrom});</li>
 *   <li>one report of an environment at a time, and the latest state wins: a report that comes
 *       while another of the same environment waits replaces it, one that comes while another is
 *       sent follows it;</li>
 *   <li>a full queue refuses the report, which counts as failed ({@code FeedbackQueueFull});</li>
 *   <li>a failed report is kept for the {@code FeedbackFailed} conditions and tried again when the
 *       environment offers it after {@link #RETRY_FAILED} (the reconcile comes back then), never in
 *       a tight loop; an outcome that changes triggers the environment's reconcile, and the
 *       Project's through {@link FeedbackOutcomes}.</li>
 * </ul>
 */
public class PreviewFeedback {
  public static final String CONDITION = "FeedbackFailed";
  static final Duration RETRY_FAILED = Duration.ofMinutes(1);
  /** Environments whose report may wait at once; more are refused rather than held without bound. */
  static final int QUEUE = 512;
  private static final Logger log = LoggerFactory.getLogger(PreviewFeedback.class);

  /** Sends one report to its forge. */
  interface Sender {
    void send(PreviewReport report) throws ForgeClient.FeedbackException, InterruptedException;
  }

  record Failure(PreviewReport report, String reason, String message, Instant at) {}

  private final Sender sender;
  private final Executor workers;
  private final Clock clock;
  private final FeedbackOutcomes outcomes;
  private final Runnable shutdown;
  /** The newest report accepted per environment: waiting, being sent or sent. */
  private final Map<ResourceID, PreviewReport> accepted = new ConcurrentHashMap<>();
  private final Map<ResourceID, PreviewReport> waiting = new ConcurrentHashMap<>();
  private final Map<ResourceID, PreviewReport> sent = new ConcurrentHashMap<>();
  private final Map<ResourceID, Failure> failures = new ConcurrentHashMap<>();
  private final Set<ResourceID> queued = ConcurrentHashMap.newKeySet();
  private volatile Consumer<ResourceID> onOutcomeChange = id -> {};

  PreviewFeedback(Sender sender, Executor workers, Clock clock, FeedbackOutcomes outcomes, Runnable shutdown) {
    this.sender = sender;
    this.workers = workers;
    this.clock = clock;
    this.outcomes = outcomes;
    this.shutdown = shutdown;
  }

  /** Two workers behind a queue of {@link #QUEUE}; tokens read from the Project's namespace when sent. */
  public static PreviewFeedback start(KubernetesClient client, ForgeClient forge, Clock clock, FeedbackOutcomes outcomes) {
    ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "forge-feedback");
      t.setDaemon(true);
      return t;
    });
    workers.allowCoreThreadTimeOut(true);
    Sender sender = report -> {
      Secret secret = client.secrets().inNamespace(report.project().getNamespace().orElseThrow())
          .withName(report.token().secret()).get();
      Feedback.report(forge, report.repository(), ForgeToken.read(report.token(), secret), report.number(),
          report.status(), report.comment());
    };
    return new PreviewFeedback(sender, workers, clock, outcomes, workers::shutdownNow);
  }

  void onOutcomeChange(Consumer<ResourceID> listener) {
    this.onOutcomeChange = listener;
  }

  void offer(Optional<PreviewReport> report) {
    report.ifPresent(this::offer);
  }

  void offer(PreviewReport report) {
    ResourceID id = report.environment();
    PreviewReport newest = accepted.get(id);
    Failure failed = failures.get(id);
    if (report.equals(newest) && (failed == null || !failed.report().equals(report))) {
      return;
    }
    if (report.stepsBackFrom(newest)) {
      return;
    }
    if (failed != null && failed.report().equals(report) && clock.instant().isBefore(failed.at().plus(RETRY_FAILED))) {
      return;
    }
    accepted.put(id, report);
    waiting.put(id, report);
    schedule(id);
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

  /**
   * A deleted environment: what was kept of it is dropped (its outcome no longer counts for the
   * Project), and its final report is sent.
   */
  void finish(ResourceID id, Optional<PreviewReport> last) {
    PreviewReport previous = accepted.remove(id);
    sent.remove(id);
    failures.remove(id);
    if (previous != null) {
      outcomes.forget(previous.project(), id.getName());
    }
    offer(last);
  }

  /** Queues the environment's sending unless it is queued or being sent (then it follows). */
  private void schedule(ResourceID id) {
    if (!queued.add(id)) {
      return;
    }
    try {
      workers.execute(() -> run(id));
    } catch (RejectedExecutionException e) {
      queued.remove(id);
      PreviewReport refused = waiting.remove(id);
      if (refused != null) {
        fail(refused, "FeedbackQueueFull", "too many reports are waiting for the forges; this one is tried again later");
      }
    }
  }

  /**
   * One report of an environment at a time (the id stays queued while it is sent): two at once
   * would both find no comment and make two. A report that came meanwhile is sent next.
   */
  private void run(ResourceID id) {
    try {
      sendWaiting(id);
    } finally {
      queued.remove(id);
      if (waiting.containsKey(id)) {
        schedule(id);
      }
    }
  }

  private void sendWaiting(ResourceID id) {
    PreviewReport report = waiting.remove(id);
    if (report == null || (report.equals(sent.get(id)) && !failures.containsKey(id))) {
      return;
    }
    try {
      sender.send(report);
      log.info("environment {}: reported {} on pull request #{} ({})", id, report.status().state(), report.number(),
          report.status().sha());
      if (report.last()) {
        // Nothing more is said of a deleted environment: nothing of it is kept.
        accepted.remove(id, report);
        failures.remove(id);
        return;
      }
      sent.put(id, report);
      boolean recovered = failures.remove(id) != null;
      outcomes.succeeded(report.project(), id.getName());
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
    log.warn("environment {}: reporting on pull request #{} failed: {}: {}", id, report.number(), reason, message);
    if (report.last()) {
      // The environment is gone: no condition is left to tell, and no retry comes.
      return;
    }
    Failure previous = failures.put(id, new Failure(report, reason, message, clock.instant()));
    outcomes.failed(report.project(), id.getName(), reason, message);
    if (previous == null || !previous.reason().equals(reason) || !previous.message().equals(message)) {
      onOutcomeChange.accept(id);
    }
  }

  public void close() {
    shutdown.run();
  }
}
