package io.orgspace.webhook;

import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Validation;
import io.orgspace.api.WebhookStatus;

/**
 * What a pull-request event means for its preview, under the project's policy and what the
 * webhook remembers of the pull request. {@code why} is a short code for logs and metrics. A pure
 * function.
 */
public record PreviewDecision(Kind kind, String why, String reason) {
  public enum Kind { APPLY, DELETE, IGNORE }

  public static PreviewDecision decide(PullRequestEvent event, PreviewPolicy policy, WebhookStatus memory) {
    if (event.action() == PullRequestEvent.Action.OTHER) {
      return new PreviewDecision(Kind.IGNORE, "other-action", "action does not concern previews");
    }
    var stale = PullRequestOrder.stale(memory, event);
    if (stale.isPresent()) {
      return new PreviewDecision(Kind.IGNORE, "stale", stale.get());
    }
    if (event.action() == PullRequestEvent.Action.CLOSE) {
      return new PreviewDecision(Kind.DELETE, "closed", "pull request closed");
    }
    PreviewPolicy previews = policy == null ? new PreviewPolicy() : policy;
    if (event.fromFork() && !Boolean.TRUE.equals(previews.forks)) {
      return new PreviewDecision(Kind.DELETE, "fork",
          "pull requests from forks get no preview unless the project sets previews.forks");
    }
    if (event.draft() && !Boolean.TRUE.equals(previews.drafts)) {
      return new PreviewDecision(Kind.DELETE, "draft", "draft pull requests get no preview");
    }
    if (previews.labels != null && !previews.labels.isEmpty()
        && event.labels().stream().noneMatch(previews.labels::contains)) {
      return new PreviewDecision(Kind.DELETE, "label", "pull request lacks a label of " + previews.labels);
    }
    if (event.headSha() == null || !event.headSha().matches(Validation.GIT_SHA)) {
      return new PreviewDecision(Kind.IGNORE, "no-sha", "payload has no valid head commit SHA");
    }
    return new PreviewDecision(Kind.APPLY, "open", "pull request open");
  }
}
