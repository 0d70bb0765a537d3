package io.orgspace.webhook;

import io.orgspace.api.PullRequestState;
import io.orgspace.api.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The order of a project's pull-request events, by the provider's {@code updated_at}, as the
 * Project's {@code status.webhook} remembers it: whether an event is stale, and what to remember
 * once one is applied. A signed delivery can be captured and sent again under a new delivery id at
 * any time; only this memory tells that a newer state — a close — was applied since. Pure
 * functions.
 */
final class PullRequestOrder {
  /**
   * How long a closed pull request is remembered on its own; after that {@code prunedThrough}
   * speaks for it. Longer than a forge retries or lets a user redeliver (GitHub: 3 days).
   */
  static final Duration RETENTION = Duration.ofDays(7);
  private static final DateTimeFormatter GITLAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

  private PullRequestOrder() {}

  /** Why {@code event} must not be applied because a newer state was, or empty. */
  static Optional<String> stale(WebhookStatus memory, PullRequestEvent event) {
    Instant time = instant(event.updatedAt());
    PullRequestState last = entry(memory, event.number());
    if (last != null) {
      Instant lastTime = instant(last.updatedAt());
      if (time == null) {
        return last.closedAt() == null ? Optional.empty()
            : Optional.of("the pull request was closed, and the event carries no time to show it is newer");
      }
      if (lastTime != null && time.isBefore(lastTime)) {
        return Optional.of("an event for a newer state of this pull request was applied already");
      }
      if (time.equals(lastTime) && last.closedAt() != null && event.action() != PullRequestEvent.Action.CLOSE) {
        return Optional.of("the pull request was closed at that time");
      }
      return Optional.empty();
    }
    Instant prunedThrough = instant(memory == null ? null : memory.prunedThrough);
    if (time != null && prunedThrough != null && !time.isAfter(prunedThrough)) {
      return Optional.of("the event is older than what the webhook still remembers of this project");
    }
    return Optional.empty();
  }

  /**
   * The memory once {@code event} is applied at {@code now}: the pull request's entry replaced;
   * closed entries older than {@link #RETENTION}, and past {@link WebhookStatus#MAX_PULL_REQUESTS}
   * the oldest closed then open ones, pruned into {@code prunedThrough}. An event without a
   * readable time changes nothing.
   */
  static WebhookStatus record(WebhookStatus memory, PullRequestEvent event, Instant now) {
    Instant time = instant(event.updatedAt());
    if (time == null) {
      return memory;
    }
    PullRequestState last = entry(memory, event.number());
    String closedAt = event.action() != PullRequestEvent.Action.CLOSE ? null
        : last != null && last.closedAt() != null && time.equals(instant(last.updatedAt())) ? last.closedAt() : now.toString();
    List<PullRequestState> entries = new ArrayList<>(entries(memory));
    entries.removeIf(e -> e.number() == event.number());
    entries.add(new PullRequestState(event.number(), time.toString(), closedAt));

    Instant prunedThrough = instant(memory == null ? null : memory.prunedThrough);
    Instant horizon = now.minus(RETENTION);
    // Oldest first: closed before open, closed by when they closed, open by their last event.
    entries.sort(Comparator.comparing((PullRequestState e) -> e.closedAt() == null)
        .thenComparing(e -> e.closedAt() == null ? instant(e.updatedAt()) : instant(e.closedAt()),
            Comparator.nullsFirst(Comparator.naturalOrder())));
    List<PullRequestState> kept = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      PullRequestState e = entries.get(i);
      boolean expired = e.closedAt() != null && instant(e.closedAt()) != null && instant(e.closedAt()).isBefore(horizon);
      boolean overCap = entries.size() - i > WebhookStatus.MAX_PULL_REQUESTS;
      if (expired || overCap) {
        prunedThrough = later(prunedThrough, instant(e.updatedAt()));
      } else {
        kept.add(e);
      }
    }
    kept.sort(Comparator.comparingLong(PullRequestState::number));
    WebhookStatus next = new WebhookStatus();
    next.pullRequests = kept.stream().map(PullRequestState::entry).toList();
    next.prunedThrough = prunedThrough == null ? null : prunedThrough.toString();
    return next;
  }

  /** The entries {@code memory} holds; one that does not parse is dropped (only the webhook writes them). */
  static List<PullRequestState> entries(WebhookStatus memory) {
    if (memory == null || memory.pullRequests == null) {
      return List.of();
    }
    return memory.pullRequests.stream().map(PullRequestState::parse).filter(Objects::nonNull).toList();
  }

  private static PullRequestState entry(WebhookStatus memory, long number) {
    return entries(memory).stream().filter(e -> e.number() == number).findFirst().orElse(null);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** A provider's time: RFC 3339 (GitHub, Gitea, Forgejo) or GitLab's "2026-01-01 10:00:00 UTC"; null if neither. */
  static Instant instant(String time) {
    if (time == null) {
      return null;
    }
    try {
      boolean rfc3339 = time.length() > 10 && time.charAt(10) == 'T';
      return rfc3339 ? OffsetDateTime.parse(time).toInstant()
          : OffsetDateTime.parse(time.replace(" UTC", " +0000"), GITLAB).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
