package io.orgspace.webhook;

import io.orgspace.api.GitProvider;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Real-shaped provider deliveries for tests: payload from a template, headers signed as each provider signs. */
public final class Deliveries {
  private Deliveries() {}

  public record Delivery(byte[] body, Map<String, String> headers) {}

  /** Posts the delivery as the forge would; the HTTP status of the answer. */
  public static int post(String url, Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = new OkHttpClient().newCall(request.build()).execute()) {
      return response.code();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param action GitHub/Gitea action or GitLab action (open, update, close, merge)
   */
  public static Delivery pullRequest(GitProvider provider, String secret, String action, long number, String sha,
      String updatedAt, boolean draft, boolean merged) {
    return pullRequest(provider, secret, action, number, sha, updatedAt, draft, merged, false);
  }

  /** A pull request whose head is in a fork of the project's repository (another owner, another repository id). */
  public static Delivery forkPullRequest(GitProvider provider, String secret, String action, long number, String sha,
      String updatedAt) {
    return pullRequest(provider, secret, action, number, sha, updatedAt, false, false, true);
  }

  private static Delivery pullRequest(GitProvider provider, String secret, String action, long number, String sha,
      String updatedAt, boolean draft, boolean merged, boolean fork) {
    String template = switch (provider) {
      case github -> "github-pull_request.json";
      case gitlab -> "gitlab-merge_request.json";
      case gitea, forgejo -> "gitea-pull_request.json";
    };
    boolean closed = action.equals("closed") || action.equals("close") || action.equals("merge");
    String state = provider == GitProvider.gitlab ? (action.equals("merge") ? "merged" : closed ? "closed" : "opened")
        : (closed ? "closed" : "open");
    String body = resource(template)
        .replace("{{action}}", action)
        .replace("{{number}}", Long.toString(number))
        .replace("{{sha}}", sha)
        .replace("{{state}}", state)
        .replace("{{updated_at}}", updatedAt)
        .replace("{{draft}}", Boolean.toString(draft))
        .replace("{{merged}}", Boolean.toString(merged))
        .replace("{{head_owner}}", fork ? "mallory" : "acme")
        .replace("{{head_repo_id}}", fork ? "424242" : switch (provider) {
          case github -> "700123";
          case gitlab -> "1001";
          case gitea, forgejo -> "55";
        })
        .replace("{{head_fork}}", Boolean.toString(fork));
    return signed(provider, secret, body.getBytes(StandardCharsets.UTF_8), provider == GitProvider.gitlab
        ? "Merge Request Hook" : "pull_request", UUID.randomUUID().toString());
  }

  public static Delivery signed(GitProvider provider, String secret, byte[] body, String event, String deliveryId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    String hex = HexFormat.of().formatHex(Signatures.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    switch (provider) {
      case github -> {
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", deliveryId);
        headers.put("X-Hub-Signature-256", "sha256=" + hex);
      }
      case gitlab -> {
        headers.put("X-Gitlab-Event", event);
        headers.put("X-Gitlab-Event-UUID", deliveryId);
        headers.put("X-Gitlab-Token", secret);
      }
      case gitea, forgejo -> {
        headers.put("X-Gitea-Event", event);
        headers.put("X-Gitea-Delivery", deliveryId);
        headers.put("X-Gitea-Signature", hex);
      }
    }
    return new Delivery(body, headers);
  }

  static String resource(String name) {
    try (InputStream in = Deliveries.class.getResourceAsStream("/webhooks/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
