package io.orgspace.forge;

/**
 * What a pull request's head commit shows of its preview.
 *
 * @param targetUrl the preview's URL; null when there is none to link
 * @param description a short reason, cut to {@link #MAX_DESCRIPTION} characters (GitHub's limit)
 */
public record CommitStatus(String sha, State state, String targetUrl, String description) {
  /** The status context: one line per forge, replaced by each report. */
  public static final String CONTEXT = "orgspace/preview";
  public static final int MAX_DESCRIPTION = 140;

  public enum State { PENDING, SUCCESS, FAILURE, ERROR }

  public CommitStatus {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
  }
}
