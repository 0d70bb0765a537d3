package io.orgspace.forge;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitLab's REST API v4: POST /projects/{url-encoded path}/statuses/{sha} (states pending, running,
 * success, failed, canceled; the context is {@code name}), merge request notes, {@code PRIVATE-TOKEN}.
 */
final class GitLabApi implements ForgeApi {

  @Override
  public ForgeRequest commitStatus(ForgeRepository repository, CommitStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", switch (status.state()) {
      case PENDING -> "pending";
      case SUCCESS -> "success";
      case FAILURE, ERROR -> "failed";
    });
    body.put("name", CommitStatus.CONTEXT);
    body.put("target_url", status.targetUrl());
    body.put("description", status.description());
    return request("POST", repository, "/statuses/" + status.sha(), Json.object(body));
  }

  @Override
  public ForgeRequest listComments(ForgeRepository repository, long number) {
    return request("GET", repository, "/merge_requests/" + number + "/notes?sort=asc&order_by=created_at&per_page=100", null);
  }

  @Override
  public ForgeRequest createComment(ForgeRepository repository, long number, String body) {
    return request("POST", repository, "/merge_requests/" + number + "/notes", Json.object(Map.of("body", body)));
  }

  @Override
  public ForgeRequest editComment(ForgeRepository repository, long number, long commentId, String body) {
    return request("PUT", repository, "/merge_requests/" + number + "/notes/" + commentId, Json.object(Map.of("body", body)));
  }

  @Override
  public Map.Entry<String, String> authorization(String token) {
    return Map.entry("PRIVATE-TOKEN", token);
  }

  private static ForgeRequest request(String method, ForgeRepository repository, String tail, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    String project = URLEncoder.encode(repository.path(), StandardCharsets.UTF_8);
    return new ForgeRequest(method, URI.create(repository.apiBase() + "/projects/" + project + tail), headers, body);
  }
}
