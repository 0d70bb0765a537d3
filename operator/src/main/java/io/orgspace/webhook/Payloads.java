package io.orgspace.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgspace.api.GitProvider;
import io.orgspace.api.PullRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads each provider's pull-request payload; any other event is "unsupported" (empty). */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> GITHUB_OPEN = Set.of("opened", "reopened", "ready_for_review", "synchronize",
      "labeled", "unlabeled", "converted_to_draft", "edited");
  private static final Set<String> GITEA_OPEN = Set.of("opened", "reopened", "synchronized", "label_updated",
      "label_cleared", "edited");
  private static final Set<String> GITLAB_OPEN = Set.of("open", "reopen", "update");

  private Payloads() {}

  /** Thrown for a body that is not the JSON the event promises. */
  public static class MalformedPayload extends Exception {
    MalformedPayload(String message) {
      super(message);
    }
  }

  /** The event name header; null when the request names no event. */
  public static String eventName(GitProvider provider, Function<String, String> header) {
    return switch (provider) {
      case github -> header.apply("X-GitHub-Event");
      case gitlab -> header.apply("X-Gitlab-Event");
      case gitea, forgejo -> Optional.ofNullable(header.apply("X-Gitea-Event")).orElse(header.apply("X-Forgejo-Event"));
    };
  }

  public static String deliveryId(GitProvider provider, Function<String, String> header) {
    return switch (provider) {
      case github -> header.apply("X-GitHub-Delivery");
      case gitlab -> Optional.ofNullable(header.apply("X-Gitlab-Event-UUID")).orElse(header.apply("Idempotency-Key"));
      case gitea, forgejo -> Optional.ofNullable(header.apply("X-Gitea-Delivery")).orElse(header.apply("X-Forgejo-Delivery"));
    };
  }

  public static boolean isPullRequestEvent(GitProvider provider, String event) {
    if (event == null) {
      return false;
    }
    return switch (provider) {
      case github, gitea, forgejo -> event.equals("pull_request");
      case gitlab -> event.equals("Merge Request Hook");
    };
  }

  public static PullRequestEvent parse(GitProvider provider, byte[] body) throws MalformedPayload {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedPayload("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayload("body is not a JSON object");
    }
    return switch (provider) {
      case github, gitea, forgejo -> githubLike(root, provider == GitProvider.github ? GITHUB_OPEN : GITEA_OPEN);
      case gitlab -> gitlab(root);
    };
  }

  private static PullRequestEvent githubLike(JsonNode root, Set<String> openActions) throws MalformedPayload {
    JsonNode pr = requiredObject(root, "pull_request");
    String action = text(root, "action");
    long number = root.hasNonNull("number") ? number(root, "number") : number(pr, "number");
    boolean closed = "closed".equals(action);
    List<String> labels = new ArrayList<>();
    pr.path("labels").forEach(label -> labels.add(label.path("name").asText()));
    return new PullRequestEvent(
        closed ? PullRequestEvent.Action.CLOSE : openActions.contains(action) ? PullRequestEvent.Action.OPEN
            : PullRequestEvent.Action.OTHER,
        number,
        text(pr.path("head"), "sha"),
        text(pr.path("head"), "ref"),
        pr.path("draft").asBoolean(false),
        labels,
        text(pr, "updated_at"),
        !sameRepository(pr.path("head"), pr.path("base")),
        new PullRequestEvent.Actors(text(pr.path("user"), "login"), text(root.path("sender"), "login"), text(pr, "html_url")));
  }

  /**
   * GitHub and Gitea/Forgejo: whether a pull request's head and base are one repository, by the
   * repository id (Gitea's {@code repo_id}, else {@code repo.id}), else by {@code repo.full_name}.
   * A payload that says neither — a deleted fork has no head repository — is not the same.
   */
  static boolean sameRepository(JsonNode head, JsonNode base) {
    for (String[] path : new String[][] {{"repo_id"}, {"repo", "id"}, {"repo", "full_name"}}) {
      JsonNode headValue = at(head, path);
      JsonNode baseValue = at(base, path);
      if (headValue.isValueNode() && baseValue.isValueNode()) {
        return headValue.asText().equalsIgnoreCase(baseValue.asText());
      }
    }
    return false;
  }

  private static JsonNode at(JsonNode node, String... path) {
    JsonNode value = node;
    for (String field : path) {
      value = value.path(field);
    }
    return value.isNull() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value;
  }

  private static PullRequestEvent gitlab(JsonNode root) throws MalformedPayload {
    JsonNode attributes = requiredObject(root, "object_attributes");
    String action = text(attributes, "action");
    String state = text(attributes, "state");
    boolean closed = "close".equals(action) || "merge".equals(action) || "closed".equals(state) || "merged".equals(state);
    List<String> labels = new ArrayList<>();
    root.path("labels").forEach(label -> labels.add(label.path("title").asText()));
    return new PullRequestEvent(
        closed ? PullRequestEvent.Action.CLOSE : GITLAB_OPEN.contains(action) ? PullRequestEvent.Action.OPEN
            : PullRequestEvent.Action.OTHER,
        number(attributes, "iid"),
        text(attributes.path("last_commit"), "id"),
        text(attributes, "source_branch"),
        attributes.path("draft").asBoolean(false) || attributes.path("work_in_progress").asBoolean(false),
        labels,
        text(attributes, "updated_at"),
        // A merge request from a fork names another source project; one without ids is not trusted.
        !(at(attributes, "source_project_id").isValueNode()
            && at(attributes, "source_project_id").asText().equals(at(attributes, "target_project_id").asText())),
        // A merge request hook names its author by id only; "user" is who triggered the hook.
        new PullRequestEvent.Actors(at(attributes, "author_id").isValueNode() ? "id:" + at(attributes, "author_id").asText() : null,
            text(root.path("user"), "username"), text(attributes, "url")));
  }

  private static JsonNode required(JsonNode node, String field) throws MalformedPayload {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedPayload("payload lacks " + field);
    }
    return value;
  }

  private static JsonNode requiredObject(JsonNode node, String field) throws MalformedPayload {
    JsonNode value = required(node, field);
    if (!value.isObject()) {
      throw new MalformedPayload(field + " is not an object");
    }
    return value;
  }

  /** A pull request number as the Environment schema takes it: an integer from 1 to 999999999. */
  static long number(JsonNode node, String field) throws MalformedPayload {
    JsonNode value = required(node, field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()
        || value.asLong() < 1 || value.asLong() > PullRequest.MAX_NUMBER) {
      throw new MalformedPayload(field + " is not a pull request number (an integer from 1 to "
          + PullRequest.MAX_NUMBER + ")");
    }
    return value.asLong();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
