package io.orgspace.forge;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API shape GitHub and Gitea share: /repos/{owner}/{repo}/statuses/{sha} with state,
 * target_url, description and context; a pull request's comments are its issue's comments.
 * They differ in headers, the listing's page size and how the token is sent.
 */
abstract class RepositoryPathApi implements ForgeApi {

  /** Headers every request carries (besides Content-Type with a body). */
  abstract Map<String, String> headers();

  /** The query of the comment listing, with its leading "?", or "". */
  abstract String listQuery();

  @Override
  public ForgeRequest commitStatus(ForgeRepository repository, CommitStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", status.state().name().toLowerCase());
    body.put("target_url", status.targetUrl());
    body.put("description", status.description());
    body.put("context", CommitStatus.CONTEXT);
    return request("POST", repository, "/statuses/" + status.sha(), Json.object(body));
  }

  @Override
  public ForgeRequest listComments(ForgeRepository repository, long number) {
    return request("GET", repository, "/issues/" + number + "/comments" + listQuery(), null);
  }

  @Override
  public ForgeRequest createComment(ForgeRepository repository, long number, String body) {
    return request("POST", repository, "/issues/" + number + "/comments", Json.object(Map.of("body", body)));
  }

  @Override
  public ForgeRequest editComment(ForgeRepository repository, long number, long commentId, String body) {
    return request("PATCH", repository, "/issues/comments/" + commentId, Json.object(Map.of("body", body)));
  }

  private ForgeRequest request(String method, ForgeRepository repository, String tail, String body) {
    Map<String, String> headers = new LinkedHashMap<>(headers());
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return new ForgeRequest(method, URI.create(repository.apiBase() + "/repos/" + repository.path() + tail), headers, body);
  }
}
