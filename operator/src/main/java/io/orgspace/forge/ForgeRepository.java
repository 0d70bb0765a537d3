package io.orgspace.forge;

import io.orgspace.api.GitProvider;
import io.orgspace.api.Repository;
import java.net.URI;

/**
 * Where a Project's repository is reached through its forge's API.
 *
 * @param apiBase the API's base URL, without a trailing slash
 * @param path the repository's path on the forge, e.g. acme/shop (GitLab: group/sub/project)
 */
public record ForgeRepository(GitProvider provider, String apiBase, String path) {

  public static ForgeRepository of(Repository repository) {
    URI url = URI.create(repository.url);
    String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
    String apiBase = repository.apiUrl != null ? repository.apiUrl.replaceAll("/+$", "")
        : defaultApiBase(repository.provider, url);
    if (repository.apiUrl == null && repository.provider != GitProvider.gitlab) {
      // A forge served under a sub-path (https://host/git/acme/shop): owner and name are the last two segments.
      String[] segments = path.split("/");
      if (segments.length > 2) {
        path = segments[segments.length - 2] + "/" + segments[segments.length - 1];
      }
    }
    return new ForgeRepository(repository.provider, apiBase, path);
  }

  static String defaultApiBase(GitProvider provider, URI url) {
    String root = "https://" + url.getRawAuthority();
    return switch (provider) {
      case github -> "github.com".equals(url.getHost()) ? "https://api.github.com" : root + "/api/v3";
      case gitlab -> root + "/api/v4";
      case gitea, forgejo -> root + "/api/v1";
    };
  }
}
