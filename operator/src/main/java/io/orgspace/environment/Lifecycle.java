package io.orgspace.environment;

import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentStatus;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.PullRequest;
import io.orgspace.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * When an environment expires and whether it hibernates, from its spec, the project's preview
 * policy, what its status recorded and the clock. A pull request's preview counts from its last
 * push: the first time the operator saw the current head SHA (its creation for the first one); a
 * named environment expires only at its own {@code spec.expiresAt}. A pure function: no I/O.
 *
 * @param headSha the head SHA seen now (null for a named environment)
 * @param lastPushAt when that head SHA was first seen; null for a named environment
 * @param expiresAt when the environment is deleted; null: never
 * @param hibernatedAt since when the preview is scaled to zero; null: awake
 * @param nextChange when this evaluation changes by the clock alone (hibernation, expiry); null: never
 */
public record Lifecycle(String headSha, Instant lastPushAt, Instant expiresAt, Instant hibernatedAt, Instant nextChange) {
  public static final Duration DEFAULT_TTL = Duration.ofHours(168);
  public static final String HIBERNATED = "Hibernated";

  public boolean hibernated() {
    return hibernatedAt != null;
  }

  /** @throws RuntimeException when spec.expiresAt or a duration cannot be parsed (the schema refuses them) */
  public static Lifecycle of(Environment environment, PreviewPolicy previews, Instant now) {
    PullRequest pr = environment.getSpec().pullRequest;
    Instant fixed = environment.getSpec().expiresAt == null ? null
        : OffsetDateTime.parse(environment.getSpec().expiresAt).toInstant();
    if (pr == null) {
      return new Lifecycle(null, null, fixed, null, fixed);
    }
    Instant lastPush = lastPush(environment, pr.headSha, now);
    Duration ttl = previews == null || previews.ttl == null ? DEFAULT_TTL : Durations.parse(previews.ttl);
    Instant expiresAt = fixed != null ? fixed : lastPush.plus(ttl);
    Instant hibernateAt = previews == null || previews.hibernateAfter == null ? null
        : lastPush.plus(Durations.parse(previews.hibernateAfter));
    Instant hibernatedAt = null;
    Instant nextChange = expiresAt;
    if (hibernateAt != null && !now.isBefore(hibernateAt)) {
      // Kept as first recorded: the time it went to sleep, not the time of this evaluation.
      Instant recorded = recorded(environment.getStatus() == null ? null : environment.getStatus().hibernatedAt);
      hibernatedAt = recorded != null && !recorded.isBefore(hibernateAt) ? recorded : hibernateAt;
    } else if (hibernateAt != null && hibernateAt.isBefore(expiresAt)) {
      nextChange = hibernateAt;
    }
    return new Lifecycle(pr.headSha, lastPush, expiresAt, hibernatedAt, nextChange);
  }

  /**
   * The recorded push while the head SHA is the one recorded; now for a new head SHA; the creation
   * for an environment nothing was recorded of yet (a new one, or one from before pushes were recorded).
   */
  static Instant lastPush(Environment environment, String headSha, Instant now) {
    EnvironmentStatus status = environment.getStatus();
    Instant recorded = status == null ? null : recorded(status.lastPushAt);
    if (recorded != null && Objects.equals(status.headSha, headSha)) {
      return recorded;
    }
    if (recorded != null) {
      return now;
    }
    Instant created = recorded(environment.getMetadata().getCreationTimestamp());
    return created != null ? created : now;
  }

  private static Instant recorded(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A lifecycle for a plan made without a clock's reading of the environment (blocked early). */
  static final Lifecycle NONE = new Lifecycle(null, null, null, null, null);
}
