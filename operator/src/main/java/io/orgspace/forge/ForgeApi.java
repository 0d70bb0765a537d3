package io.orgspace.forge;

import io.orgspace.api.GitProvider;
import java.util.Map;

/**
 * The requests that report a preview on one forge, built without I/O: commit statuses and the one
 * pull-request comment that is edited in place. Each forge's documented contract lives in one
 * implementation; Forgejo speaks Gitea's API.
 */
public interface ForgeApi {
  /** Marks the one comment Orgspace keeps on a pull request, so that it is found and edited again. */
  String COMMENT_MARKER = "<!-- orgspace/preview -->";

  ForgeRequest commitStatus(ForgeRepository repository, CommitStatus status);

  /** The pull request's comments, oldest first (the marked one is made early). */
  ForgeRequest listComments(ForgeRepository repository, long number);

  ForgeRequest createComment(ForgeRepository repository, long number, String body);

  ForgeRequest editComment(ForgeRepository repository, long number, long commentId, String body);

  /** The header that carries the token: added when a request is sent, never part of a {@link ForgeRequest}. */
  Map.Entry<String, String> authorization(String token);

  static ForgeApi of(GitProvider provider) {
    return switch (provider) {
      case github -> new GitHubApi();
      case gitlab -> new GitLabApi();
      case gitea, forgejo -> new GiteaApi();
    };
  }
}
