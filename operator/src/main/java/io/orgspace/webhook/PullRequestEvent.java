package io.orgspace.webhook;

import java.util.List;

/**
 * A pull (merge) request event, whatever the provider, reduced to what previews need.
 * {@code fromFork}: its head is in another repository than its base (or the payload does not say
 * it is not), so its code is not the project's members'. {@code actors}: who caused it on the forge.
 */
public record PullRequestEvent(
    Action action,
    long number,
    String headSha,
    String branch,
    boolean draft,
    List<String> labels,
    String updatedAt,
    boolean fromFork,
    Actors actors) {

  /**
   * Who on the forge stands behind the event: the pull request's author, the account whose action
   * sent the delivery, and the pull request's web address; each null when the payload omits it.
   */
  public record Actors(String author, String sender, String url) {
    public static final Actors UNKNOWN = new Actors(null, null, null);
  }

  public enum Action {
    /** The pull request is open and its head may have moved: make or update its preview. */
    OPEN,
    /** Closed or merged: its preview goes. */
    CLOSE,
    /** Nothing for previews (e.g. a comment or an approval). */
    OTHER
  }
}
