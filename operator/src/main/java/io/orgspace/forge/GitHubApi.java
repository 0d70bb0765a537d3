package io.orgspace.forge;

import java.util.Map;

/**
 * GitHub's REST API (github.com and GitHub Enterprise Server): {@code Authorization: Bearer}, the
 * versioned JSON media type, comments listed 100 a page.
 */
final class GitHubApi extends RepositoryPathApi {
  static final String API_VERSION = "2022-11-28";

  @Override
  Map<String, String> headers() {
    return Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", API_VERSION);
  }

  @Override
  String listQuery() {
    return "?per_page=100";
  }

  @Override
  public Map.Entry<String, String> authorization(String token) {
    return Map.entry("Authorization", "Bearer " + token);
  }
}
