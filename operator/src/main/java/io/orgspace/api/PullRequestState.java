package io.orgspace.api;

/**
 * The last event the webhook applied for one pull request, as one entry of
 * {@link WebhookStatus#pullRequests}: {@code "<number> <updatedAt>"}, or
 * {@code "<number> <updatedAt> closed <closedAt>"} when that event closed it (RFC 3339, UTC).
 */
public record PullRequestState(long number, String updatedAt, String closedAt) {
  private static final String CLOSED = "closed";

  /** The entry {@code text} spells, or null if it spells none (an entry nobody should have written). */
  public static PullRequestState parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(" ");
    boolean open = parts.length == 2;
    boolean closed = parts.length == 4 && CLOSED.equals(parts[2]);
    if (!open && !closed) {
      return null;
    }
    try {
      return new PullRequestState(Long.parseLong(parts[0]), parts[1], closed ? parts[3] : null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public String entry() {
    return number + " " + updatedAt + (closedAt == null ? "" : " " + CLOSED + " " + closedAt);
  }
}
