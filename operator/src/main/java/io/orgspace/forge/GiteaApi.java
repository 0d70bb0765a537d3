package io.orgspace.forge;

import java.util.Map;

/** Gitea's (and Forgejo's) API v1: {@code Authorization: token}, JSON. */
final class GiteaApi extends RepositoryPathApi {

  @Override
  Map<String, String> headers() {
    return Map.of("Accept", "application/json");
  }

  @Override
  String listQuery() {
    return "";
  }

  @Override
  public Map.Entry<String, String> authorization(String token) {
    return Map.entry("Authorization", "token " + token);
  }
}
