package io.orgspace.forge;

import java.util.Optional;

/**
 * Reports one preview on its pull request: the commit status, then (when asked) the one comment,
 * found by its marker and edited in place, else created.
 */
public final class Feedback {
  private Feedback() {}

  /**
   * @param comment the comment's text without the marker; null to leave comments alone
   */
  public static void report(ForgeClient client, ForgeRepository repository, String token, long number,
      CommitStatus status, String comment) throws ForgeClient.FeedbackException, InterruptedException {
    ForgeApi api = ForgeApi.of(repository.provider());
    client.send(api, api.commitStatus(repository, status), token);
    if (comment == null) {
      return;
    }
    String body = ForgeApi.COMMENT_MARKER + "\n" + comment;
    Optional<Long> existing = Json.markedComment(client.send(api, api.listComments(repository, number), token).body());
    client.send(api, existing.isPresent() ? api.editComment(repository, number, existing.get(), body)
        : api.createComment(repository, number, body), token);
  }
}
