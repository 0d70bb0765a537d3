package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Condition;
import io.orgspace.api.GitProvider;
import io.orgspace.forge.CommitStatus;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.ForgeClient;
import io.orgspace.forge.ForgeRepository;
import io.orgspace.forge.ForgeToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The report queue, driven step by step: a hand-run executor of bounded capacity, a forge that
 * records what it is sent (and fails when told), a clock that moves when told.
 */
class PreviewFeedbackTest {
  private static final String SHA1 = "1111111111111111111111111111111111111111";
  private static final String SHA2 = "2222222222222222222222222222222222222222";
  private static final ResourceID PROJECT = new ResourceID("shop", "org-acme");
  private static final ForgeRepository REPOSITORY = new ForgeRepository(GitProvider.gitea, "https://code.example/api/v1", "acme/shop");

  /** Runs nothing by itself; holds at most {@code capacity} tasks. */
  static final class HandRunExecutor implements Executor {
    final Deque<Runnable> tasks = new ArrayDeque<>();
    final int capacity;

    HandRunExecutor(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void execute(Runnable task) {
      if (tasks.size() >= capacity) {
        throw new RejectedExecutionException("full");
      }
      tasks.add(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandRunExecutor workers = new HandRunExecutor(2);
  private final MovableClock clock = new MovableClock();
  private final List<PreviewReport> sent = new ArrayList<>();
  private final Set<String> failingShas = new HashSet<>();
  private final FeedbackOutcomes outcomes = new FeedbackOutcomes();
  private final List<ResourceID> outcomeChanges = new ArrayList<>();
  private final List<ResourceID> projectChanges = new ArrayList<>();
  /** What happens while a report is on its way to the forge. */
  private Runnable duringSend = () -> {};
  private final PreviewFeedback feedback = new PreviewFeedback(report -> {
    Runnable meanwhile = duringSend;
    duringSend = () -> {};
    meanwhile.run();
    if (failingShas.contains(report.status().sha())) {
      throw new ForgeClient.FeedbackException("ForgeUnavailable", "POST /statuses answered 503 (4 attempts)");
    }
    sent.add(report);
  }, workers, clock, outcomes, () -> {});

  PreviewFeedbackTest() {
    feedback.onOutcomeChange(outcomeChanges::add);
    outcomes.onChange(projectChanges::add);
  }

  private static PreviewReport report(String environment, String sha, CommitStatus.State state) {
    return new PreviewReport(new ResourceID(environment, "org-acme"), REPOSITORY, PROJECT,
        new ForgeToken.Ref("forge", "token", "forge", "webhook"), 7, new CommitStatus(sha, state,
            state == CommitStatus.State.SUCCESS ? "https://pr-7.shop.example" : null, state.name()), null, false);
  }

  private List<String> sentStates() {
    return sent.stream().map(r -> r.environment().getName() + " " + r.status().sha().charAt(0) + " " + r.status().state()).toList();
  }

  @Test
  void theLatestStateOfAnEnvironmentWinsOverOneStillWaiting() {
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.PENDING));
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.FAILURE));
    feedback.offer(report("pr-7", SHA2, CommitStatus.State.PENDING));
    assertEquals(1, workers.tasks.size(), "one task per environment, whatever comes meanwhile");
    workers.runAll();
    assertEquals(List.of("pr-7 2 PENDING"), sentStates());
  }

  @Test
  void oneReportOfAnEnvironmentAtATimeAndWhatCameMeanwhileFollows() {
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.PENDING));
    List<Integer> queuedMeanwhile = new ArrayList<>();
    duringSend = () -> {
      feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
      queuedMeanwhile.add(workers.tasks.size());
    };
    workers.tasks.poll().run();
    assertEquals(List.of(0), queuedMeanwhile, "not sent beside the one under way");
    assertEquals(1, workers.tasks.size(), "queued once the first is sent");
    workers.runAll();
    assertEquals(List.of("pr-7 1 PENDING", "pr-7 1 SUCCESS"), sentStates());
  }

  @Test
  void aReportIsSentOnlyWhenItChanges() {
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
    workers.runAll();
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
    assertTrue(workers.tasks.isEmpty());
    assertEquals(1, sent.size());
  }

  @Test
  void pendingNeverFollowsSuccessOnTheSameCommitButAFailureDoes() {
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
    workers.runAll();
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.PENDING));
    workers.runAll();
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
    workers.runAll();
    assertEquals(List.of("pr-7 1 SUCCESS"), sentStates(), "no success, pending, success flicker");
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.FAILURE));
    feedback.offer(report("pr-7", SHA2, CommitStatus.State.PENDING));
    workers.runAll();
    assertEquals(List.of("pr-7 1 SUCCESS", "pr-7 2 PENDING"), sentStates(), "a new commit starts pending");
  }

  @Test
  void aFullQueueRefusesTheReportAsFailedAndItIsTriedAgainLater() {
    feedback.offer(report("pr-1", SHA1, CommitStatus.State.PENDING));
    feedback.offer(report("pr-2", SHA1, CommitStatus.State.PENDING));
    PreviewReport third = report("pr-3", SHA1, CommitStatus.State.PENDING);
    feedback.offer(third);
    ResourceID id = third.environment();
    assertTrue(feedback.hasFailed(id));
    Condition condition = feedback.condition(id, Optional.of(third), 1L);
    assertEquals(Condition.TRUE, condition.status);
    assertEquals("FeedbackQueueFull", condition.reason);
    assertEquals(List.of(id), outcomeChanges, "the environment is reconciled to say so");
    assertEquals(2, workers.tasks.size(), "the queue holds no more than it can");

    workers.runAll();
    feedback.offer(third);
    assertTrue(workers.tasks.isEmpty(), "not again at once");
    clock.now = clock.now.plus(PreviewFeedback.RETRY_FAILED);
    feedback.offer(third);
    workers.runAll();
    assertEquals(List.of("pr-1 1 PENDING", "pr-2 1 PENDING", "pr-3 1 PENDING"), sentStates());
    assertFalse(feedback.hasFailed(id));
    assertEquals(Condition.FALSE, feedback.condition(id, Optional.of(third), 1L).status);
  }

  @Test
  void aFailedReportIsRetriedAfterAWhileNotInALoopAndItsRecoveryClearsBothConditions() {
    failingShas.add(SHA1);
    PreviewReport ready = report("pr-7", SHA1, CommitStatus.State.SUCCESS);
    feedback.offer(ready);
    workers.runAll();
    ResourceID id = ready.environment();
    assertEquals("ForgeUnavailable", feedback.condition(id, Optional.of(ready), 1L).reason);
    assertEquals("ForgeUnavailable", outcomes.of(PROJECT).orElseThrow().failed().reason());
    assertEquals(List.of(PROJECT), projectChanges);

    clock.now = clock.now.plus(Duration.ofSeconds(30));
    feedback.offer(ready);
    assertTrue(workers.tasks.isEmpty(), "no retry before " + PreviewFeedback.RETRY_FAILED);
    clock.now = clock.now.plus(Duration.ofSeconds(30));
    failingShas.clear();
    feedback.offer(ready);
    workers.runAll();
    assertEquals(List.of("pr-7 1 SUCCESS"), sentStates());
    assertFalse(feedback.hasFailed(id));
    assertEquals(List.of(id, id), outcomeChanges, "failed, then recovered");
    assertEquals(null, outcomes.of(PROJECT).orElseThrow().failed(), "the Project's outcome clears too");
    assertEquals(List.of(PROJECT, PROJECT), projectChanges);
  }

  @Test
  void aDeletedEnvironmentsOutcomeNoLongerCountsForTheProject() {
    failingShas.add(SHA1);
    feedback.offer(report("pr-7", SHA1, CommitStatus.State.SUCCESS));
    workers.runAll();
    assertTrue(outcomes.of(PROJECT).orElseThrow().failed() != null);
    PreviewReport last = report("pr-7", SHA1, CommitStatus.State.SUCCESS);
    last = new PreviewReport(last.environment(), last.repository(), last.project(), last.token(), last.number(),
        new CommitStatus(SHA1, CommitStatus.State.SUCCESS, null, "Preview deleted"), null, true);
    feedback.finish(last.environment(), Optional.of(last));
    workers.runAll();
    assertTrue(outcomes.of(PROJECT).isEmpty() || outcomes.of(PROJECT).get().failed() == null,
        "a failed final report leaves nothing behind");
    assertFalse(feedback.hasFailed(last.environment()));
  }
}
