package io.orgspace.webhook;

import io.orgspace.api.PreviewPolicy;
import java.time.OffsetDateTime;

/** What a pull-request event means for its preview, under the project's policy. A pure function. */
public record PreviewDecision(Kind kind, String reason) {
  public enum Kind { APPLY, DELETE, IGNORE }

  public static PreviewDecision decide(PullRequestEvent event, PreviewPolicy policy, String recordedUpdatedAt) {
    if (event.action() == PullRequestEvent.Action.OTHER) {
      return new PreviewDecision(Kind.IGNORE, "action does not concern previews");
    }
    if (isOlder(event.updatedAt(), recordedUpdatedAt)) {
      return new PreviewDecision(Kind.IGNORE, "an event for a newer state of this pull request was applied already");
    }
    if (event.action() == PullRequestEvent.Action.CLOSE) {
      return new PreviewDecision(Kind.DELETE, "pull request closed");
    }
    PreviewPolicy previews = policy == null ? new PreviewPolicy() : policy;
    if (event.draft() && !Boolean.TRUE.equals(previews.drafts)) {
      return new PreviewDecision(Kind.DELETE, "draft pull requests get no preview");
    }
    if (previews.labels != null && !previews.labels.isEmpty()
        && event.labels().stream().noneMatch(previews.labels::contains)) {
      return new PreviewDecision(Kind.DELETE, "pull request lacks a label of " + previews.labels);
    }
    if (event.headSha() == null || !event.headSha().matches("^[0-9a-f]{7,40}$")) {
      return new PreviewDecision(Kind.IGNORE, "payload has no valid head commit SHA");
    }
    return new PreviewDecision(Kind.APPLY, "pull request open");
  }

  /** True when {@code updatedAt} is known to precede what was recorded (unknown times never are). */
  static boolean isOlder(String updatedAt, String recorded) {
    if (updatedAt == null || recorded == null) {
      return false;
    }
    try {
      return parse(updatedAt).isBefore(parse(recorded));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static java.time.Instant parse(String time) {
    // GitLab writes "2026-01-01 10:00:00 UTC"; GitHub and Gitea RFC 3339.
    String iso = time.endsWith(" UTC") ? time.replace(" UTC", "Z").replace(' ', 'T') : time;
    return OffsetDateTime.parse(iso).toInstant();
  }
}
