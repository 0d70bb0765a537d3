package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.WebhookStatus;
import io.orgspace.webhook.PullRequestEvent.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestOrderTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static PullRequestEvent event(Action action, long number, String updatedAt) {
    return new PullRequestEvent(action, number, "4f9c2e1", "feature/cart", false, List.of(), updatedAt, false, PullRequestEvent.Actors.UNKNOWN);
  }

  private static WebhookStatus after(WebhookStatus memory, PullRequestEvent... events) {
    WebhookStatus next = memory;
    for (PullRequestEvent event : events) {
      next = PullRequestOrder.record(next, event, NOW);
    }
    return next;
  }

  @Test
  void anOlderEventIsStaleANewerOneIsNot() {
    WebhookStatus memory = after(null, event(Action.OPEN, 5, "2026-11-21T11:00:00Z"));
    assertTrue(PullRequestOrder.stale(memory, event(Action.OPEN, 5, "2026-11-21T10:30:00Z")).isPresent());
    assertFalse(PullRequestOrder.stale(memory, event(Action.OPEN, 5, "2026-11-21T11:00:00Z")).isPresent(),
        "the same state again (a retry) is applied again");
    assertFalse(PullRequestOrder.stale(memory, event(Action.OPEN, 5, "2026-11-21T12:00:00Z")).isPresent());
    assertFalse(PullRequestOrder.stale(memory, event(Action.OPEN, 6, "2026-11-20T00:00:00Z")).isPresent(),
        "other pull requests have their own order");
    assertTrue(PullRequestOrder.stale(memory, event(Action.OPEN, 5, "2026-11-21 10:30:00 UTC")).isPresent(),
        "GitLab's time format orders with RFC 3339");
  }

  @Test
  void aCapturedOpeningReplayedAfterTheCloseIsStaleAReopeningIsNot() {
    WebhookStatus closed = after(null, event(Action.OPEN, 5, "2026-11-21T10:00:00Z"),
        event(Action.CLOSE, 5, "2026-11-21T12:00:00Z"));
    assertEquals(List.of("5 2026-11-21T12:00:00Z closed " + NOW), closed.pullRequests, "as the Project's status shows it");
    assertTrue(PullRequestOrder.stale(closed, event(Action.OPEN, 5, "2026-11-21T10:00:00Z")).isPresent());
    assertTrue(PullRequestOrder.stale(closed, event(Action.OPEN, 5, "2026-11-21T12:00:00Z")).isPresent(),
        "an opening at the very time of the close");
    assertTrue(PullRequestOrder.stale(closed, event(Action.OPEN, 5, null)).isPresent(),
        "an event without a time cannot show it is newer than the close");
    assertFalse(PullRequestOrder.stale(closed, event(Action.OPEN, 5, "2026-11-21T13:00:00Z")).isPresent(), "reopened");
    assertEquals(List.of("5 2026-11-21T13:00:00Z"), after(closed, event(Action.OPEN, 5, "2026-11-21T13:00:00Z")).pullRequests);
  }

  @Test
  void closedPullRequestsArePrunedAfterTheRetentionAndStillRefuseTheirPast() {
    WebhookStatus closed = after(null, event(Action.CLOSE, 5, "2026-11-21T12:00:00Z"));
    WebhookStatus later = PullRequestOrder.record(closed, event(Action.OPEN, 6, "2026-12-09T00:00:00Z"),
        NOW.plus(PullRequestOrder.RETENTION).plus(Duration.ofMinutes(1)));
    assertEquals(List.of("6 2026-12-09T00:00:00Z"), later.pullRequests);
    assertEquals("2026-11-21T12:00:00Z", later.prunedThrough);
    assertTrue(PullRequestOrder.stale(later, event(Action.OPEN, 5, "2026-11-21T10:00:00Z")).isPresent(),
        "the pruned close still refuses the opening before it");
    assertFalse(PullRequestOrder.stale(later, event(Action.OPEN, 7, "2026-12-09T00:00:00Z")).isPresent(),
        "a new pull request is not refused");
  }

  @Test
  void theMemoryIsBoundedOldestClosedFirst() {
    WebhookStatus memory = after(null, event(Action.CLOSE, 1, "2026-11-01T00:00:00Z"));
    for (int n = 2; n <= WebhookStatus.MAX_PULL_REQUESTS + 1; n++) {
      memory = PullRequestOrder.record(memory, event(Action.OPEN, n, "2026-11-20T00:00:00Z"), NOW);
    }
    assertEquals(WebhookStatus.MAX_PULL_REQUESTS, memory.pullRequests.size());
    assertFalse(memory.pullRequests.stream().anyMatch(e -> e.startsWith("1 ")), "the closed one went first");
    assertEquals("2026-11-01T00:00:00Z", memory.prunedThrough);
  }

  @Test
  void anEventWithoutATimeChangesNothing() {
    WebhookStatus memory = after(null, event(Action.OPEN, 5, "2026-11-21T10:00:00Z"));
    assertEquals(memory, PullRequestOrder.record(memory, event(Action.OPEN, 5, "yesterday"), NOW));
    assertFalse(PullRequestOrder.stale(memory, event(Action.OPEN, 5, null)).isPresent());
  }

  @Test
  void anEntryThatSpellsNoPullRequestIsNotRemembered() {
    WebhookStatus memory = new WebhookStatus();
    memory.pullRequests = List.of("5", "x 2026-11-21T10:00:00Z", "6 2026-11-21T10:00:00Z open 2026-11-21T11:00:00Z",
        "7 2026-11-21T10:00:00Z closed 2026-11-30T11:00:00Z");
    assertFalse(PullRequestOrder.stale(memory, event(Action.OPEN, 6, "2026-11-21T10:30:00Z")).isPresent());
    assertTrue(PullRequestOrder.stale(memory, event(Action.OPEN, 7, "2026-11-21T10:00:00Z")).isPresent());
    assertEquals(List.of("7 2026-11-21T10:00:00Z closed 2026-11-30T11:00:00Z", "8 2026-11-21T10:00:00Z"),
        PullRequestOrder.record(memory, event(Action.OPEN, 8, "2026-11-21T10:00:00Z"), NOW).pullRequests);
  }
}
