package io.orgspace.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Repository;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request shapes each forge documents for commit statuses and pull-request comments. */
class ForgeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final CommitStatus READY =
      new CommitStatus(SHA, CommitStatus.State.SUCCESS, "https://pr-7.shop.example", "Preview ready");

  static ForgeRepository repository(GitProvider provider, String url, String apiUrl) {
    Repository r = new Repository();
    r.provider = provider;
    r.url = url;
    r.apiUrl = apiUrl;
    return ForgeRepository.of(r);
  }

  @Test
  void gitHubStatusFollowsTheRestApi() throws Exception {
    var repo = repository(GitProvider.github, "https://github.com/acme/shop.git", null);
    ForgeRequest request = ForgeApi.of(GitProvider.github).commitStatus(repo, READY);
    assertEquals("POST", request.method());
    assertEquals("https://api.github.com/repos/acme/shop/statuses/" + SHA, request.uri().toString());
    assertEquals("application/vnd.github+json", request.headers().get("Accept"));
    assertEquals("2022-11-28", request.headers().get("X-GitHub-Api-Version"));
    assertEquals("application/json", request.headers().get("Content-Type"));
    JsonNode body = JSON.readTree(request.body());
    assertEquals("success", body.path("state").asText());
    assertEquals("https://pr-7.shop.example", body.path("target_url").asText());
    assertEquals("orgspace/preview", body.path("context").asText());
    assertEquals("Preview ready", body.path("description").asText());
    assertEquals(Map.entry("Authorization", "Bearer t0k"), ForgeApi.of(GitProvider.github).authorization("t0k"));
  }

  @Test
  void gitHubEnterpriseCommentsAreIssueComments() {
    var repo = repository(GitProvider.github, "https://git.corp.example/acme/shop", null);
    var api = ForgeApi.of(GitProvider.github);
    assertEquals("https://git.corp.example/api/v3/repos/acme/shop/issues/7/comments?per_page=100",
        api.listComments(repo, 7).uri().toString());
    assertEquals("POST", api.createComment(repo, 7, "x").method());
    ForgeRequest edit = api.editComment(repo, 7, 42, "x");
    assertEquals("PATCH", edit.method());
    assertEquals("https://git.corp.example/api/v3/repos/acme/shop/issues/comments/42", edit.uri().toString());
  }

  @Test
  void gitLabStatusNamesTheContextAndMapsFailureToFailed() throws Exception {
    var repo = repository(GitProvider.gitlab, "https://gitlab.example/group/sub/shop", null);
    var api = ForgeApi.of(GitProvider.gitlab);
    ForgeRequest request = api.commitStatus(repo,
        new CommitStatus(SHA, CommitStatus.State.FAILURE, null, "ImagePullBackOff: no such image"));
    assertEquals("https://gitlab.example/api/v4/projects/group%2Fsub%2Fshop/statuses/" + SHA, request.uri().toString());
    JsonNode body = JSON.readTree(request.body());
    assertEquals("failed", body.path("state").asText());
    assertEquals("orgspace/preview", body.path("name").asText());
    assertFalse(body.has("target_url"));
    assertEquals(Map.entry("PRIVATE-TOKEN", "t0k"), api.authorization("t0k"));
    ForgeRequest edit = api.editComment(repo, 3, 99, "x");
    assertEquals("PUT", edit.method());
    assertEquals("https://gitlab.example/api/v4/projects/group%2Fsub%2Fshop/merge_requests/3/notes/99", edit.uri().toString());
    assertTrue(api.listComments(repo, 3).uri().getQuery().contains("sort=asc"));
  }

  @Test
  void giteaAndForgejoUseApiV1AndTokenAuthorization() throws Exception {
    for (GitProvider provider : new GitProvider[] {GitProvider.gitea, GitProvider.forgejo}) {
      var repo = repository(provider, "https://code.example/git/acme/shop", null);
      var api = ForgeApi.of(provider);
      ForgeRequest request = api.commitStatus(repo, new CommitStatus(SHA, CommitStatus.State.PENDING, null, "Preview deploying"));
      assertEquals("https://code.example/api/v1/repos/acme/shop/statuses/" + SHA, request.uri().toString());
      assertEquals("pending", JSON.readTree(request.body()).path("state").asText());
      assertEquals(Map.entry("Authorization", "token t0k"), api.authorization("t0k"));
      assertEquals("https://code.example/api/v1/repos/acme/shop/issues/comments/5", api.editComment(repo, 1, 5, "x").uri().toString());
    }
  }

  @Test
  void aConfiguredApiUrlWins() {
    var repo = repository(GitProvider.gitea, "https://code.example/acme/shop", "http://127.0.0.1:3000/api/v1/");
    assertEquals("http://127.0.0.1:3000/api/v1/repos/acme/shop/statuses/" + SHA,
        ForgeApi.of(GitProvider.gitea).commitStatus(repo, READY).uri().toString());
  }

  @Test
  void requestsNeverCarryTheToken() {
    for (GitProvider provider : GitProvider.values()) {
      var repo = repository(provider, "https://github.com/acme/shop", null);
      ForgeRequest request = ForgeApi.of(provider).commitStatus(repo, READY);
      assertFalse(request.headers().containsKey("Authorization") || request.headers().containsKey("PRIVATE-TOKEN"));
    }
    var repo = repository(GitProvider.github, "https://github.com/acme/shop", null);
    assertEquals("POST /repos/acme/shop/statuses/" + SHA, ForgeApi.of(GitProvider.github).commitStatus(repo, READY).toString());
  }

  @Test
  void descriptionsAreCutToGitHubsLimit() {
    var status = new CommitStatus(SHA, CommitStatus.State.FAILURE, null, "x".repeat(500));
    assertEquals(CommitStatus.MAX_DESCRIPTION, status.description().length());
  }

  @Test
  void theMarkedCommentIsFoundAmongOthers() {
    String list = "[{\"id\":1,\"body\":\"lgtm\"},{\"id\":2,\"body\":\"<!-- orgspace/preview -->\\nready\"},"
        + "{\"id\":3,\"body\":\"<!-- orgspace/preview -->\"}]";
    assertEquals(Optional.of(2L), Json.markedComment(list));
    assertEquals(Optional.empty(), Json.markedComment("[]"));
    assertEquals(Optional.empty(), Json.markedComment("not json"));
  }
}
