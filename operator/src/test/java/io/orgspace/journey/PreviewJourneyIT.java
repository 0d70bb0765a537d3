package io.orgspace.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.forge.ForgeEndpoints;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.Gitea;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pull-request journey against a real Gitea: its own signed deliveries open, update and close a
 * preview, and the operator reports each state back on the pull request's head commit (commit
 * status {@code orgspace/preview}) and in one comment edited in place.
 */
class PreviewJourneyIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "pj-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String PROJECT = "shop";
  private static final String DOMAIN = PROJECT + "." + ORG + ".example";
  private static final String HOOK_SECRET = "whsec-" + UUID.randomUUID();
  private static final String USER = "dev";

  /** A delivery as Gitea sent it, captured on its way to the operator. */
  record Delivery(Map<String, List<String>> headers, byte[] body) {}

  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static Gitea gitea;
  private static HttpServer relay;
  private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private static String token;
  private static String feedbackToken;
  private static Path work;

  @BeforeAll
  static void setUp() throws Exception {
    admin = ControlPlane.admin();
    gitea = Gitea.start();
    // The test forge is on loopback: the platform allows exactly its API, as it would a private forge.
    operator = OperatorProcess.start("journey-it", Map.of(ForgeEndpoints.SETTING, gitea.apiUrl())).awaitReady();
    TestOrganization.named(ORG).owner().domain().create(admin).awaitHome(CONVERGE);

    gitea.createUser("root-admin", true);
    String password = gitea.createUser(USER, false);
    // The least the operator needs: statuses (repository) and the comment (issue).
    feedbackToken = gitea.token(USER, password, "write:repository", "write:issue");
    token = gitea.token(USER, password, "write:repository", "write:issue", "write:user");
    admin.resource(new SecretBuilder().withNewMetadata().withName("forge").withNamespace(HOME).endMetadata()
        .addToStringData("webhook", HOOK_SECRET).addToStringData("token", feedbackToken).build()).create();
    TestProject.named(PROJECT).in(HOME).repository(GitProvider.gitea, "https://gitea.example/" + USER + "/" + PROJECT)
        .webhookSecret("forge", "webhook").feedback(gitea.apiUrl(), "forge", "token").previewComment()
        .previewDomain(DOMAIN).previewImage("registry.example/shop:{{sha}}")
        .create(ControlPlane.as(TestOrganization.ownerOf(ORG)));

    gitea.api(token, "POST", "/user/repos", Map.of("name", PROJECT, "auto_init", true, "default_branch", "main"), 201);
    work = Files.createTempDirectory("journey-git-");
    String remote = gitea.url().replace("http://", "http://" + USER + ":" + token + "@") + "/" + USER + "/" + PROJECT + ".git";
    Gitea.git(work, "clone", remote, "repo");
    Gitea.git(work.resolve("repo"), "checkout", "-b", "feature");
    commit("first change");

    // Gitea delivers to a relay on loopback that records each delivery and passes it on unchanged.
    relay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    relay.createContext("/", exchange -> {
      Delivery delivery = new Delivery(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
      deliveries.add(delivery);
      int status;
      try {
        status = forward(delivery).statusCode();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 502;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    relay.start();
    gitea.api(token, "POST", "/repos/" + USER + "/" + PROJECT + "/hooks", Map.of("type", "gitea", "active", true,
        "events", List.of("pull_request_only", "pull_request_sync"),
        "config", Map.of("url", "http://127.0.0.1:" + relay.getAddress().getPort() + "/", "content_type", "json",
            "secret", HOOK_SECRET)), 201);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (relay != null) {
      relay.stop(0);
    }
    try {
      if (operator != null) {
        operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
      }
    } finally {
      if (gitea != null) {
        gitea.close();
      }
    }
  }

  private static HttpResponse<Void> forward(Delivery delivery) throws java.io.IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operator.webhookUrl(ORG, PROJECT)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
    delivery.headers().forEach((name, values) -> {
      if (name.toLowerCase().startsWith("x-") || name.equalsIgnoreCase("content-type")) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  private static String commit(String message) throws Exception {
    Path repo = work.resolve("repo");
    Files.writeString(repo.resolve("change.txt"), message + "\n");
    Gitea.git(repo, "add", "change.txt");
    Gitea.git(repo, "commit", "-m", message);
    Gitea.git(repo, "push", "origin", "feature");
    return Gitea.git(repo, "rev-parse", "HEAD").strip();
  }

  private static Environment environment(long number) {
    return admin.resources(Environment.class).inNamespace(HOME).withName(PROJECT + "-pr-" + number).get();
  }

  /** The newest {@code orgspace/preview} status of the commit, or null. */
  private static JsonNode previewStatus(String sha) {
    try {
      JsonNode statuses = gitea.api(token, "GET", "/repos/" + USER + "/" + PROJECT + "/commits/" + sha + "/statuses", null, 200);
      JsonNode newest = null;
      for (JsonNode status : statuses) {
        if ("orgspace/preview".equals(status.path("context").asText())
            && (newest == null || status.path("id").asLong() > newest.path("id").asLong())) {
          newest = status;
        }
      }
      return newest;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The states of the commit's {@code orgspace/preview} statuses, oldest first. */
  private static List<String> previewStates(String sha) throws Exception {
    JsonNode statuses = gitea.api(token, "GET", "/repos/" + USER + "/" + PROJECT + "/commits/" + sha + "/statuses", null, 200);
    List<JsonNode> ours = new java.util.ArrayList<>();
    statuses.forEach(status -> {
      if ("orgspace/preview".equals(status.path("context").asText())) {
        ours.add(status);
      }
    });
    ours.sort(java.util.Comparator.comparingLong(status -> status.path("id").asLong()));
    return ours.stream().map(PreviewJourneyIT::state).toList();
  }

  private static String state(JsonNode status) {
    return status.has("status") ? status.path("status").asText() : status.path("state").asText();
  }

  private static List<JsonNode> markedComments(long number) throws Exception {
    JsonNode comments = gitea.api(token, "GET", "/repos/" + USER + "/" + PROJECT + "/issues/" + number + "/comments", null, 200);
    List<JsonNode> marked = new java.util.ArrayList<>();
    comments.forEach(c -> {
      if (c.path("body").asText().contains("<!-- orgspace/preview -->")) {
        marked.add(c);
      }
    });
    return marked;
  }

  @Test
  void aPullRequestOpensAPreviewThatTheForgeShowsAndClosingRemovesIt() throws Exception {
    JsonNode pull = gitea.api(token, "POST", "/repos/" + USER + "/" + PROJECT + "/pulls",
        Map.of("head", "feature", "base", "main", "title", "First change"), 201);
    long number = pull.path("number").asLong();
    String sha = pull.path("head").path("sha").asText();
    String host = "pr-" + number + "." + DOMAIN;

    Poll.until(CONVERGE, "preview of pull request #" + number, () -> {
      Environment env = environment(number);
      return env != null && sha.equals(env.getSpec().pullRequest.headSha)
          && env.getStatus() != null && host.equals(env.getStatus().host);
    });
    assertFalse(deliveries.isEmpty(), "Gitea itself delivered the pull request");
    Poll.until(CONVERGE, "success status on " + sha, () -> {
      JsonNode status = previewStatus(sha);
      return status != null && "success".equals(state(status));
    });
    String url = environment(number).getStatus().url;
    assertNotNull(url);
    assertEquals(url, previewStatus(sha).path("target_url").asText(), "the status links the preview");
    Poll.until(CONVERGE, "one comment with the preview's URL", () -> {
      try {
        List<JsonNode> marked = markedComments(number);
        return marked.size() == 1 && marked.get(0).path("body").asText().contains(url);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long commentId = markedComments(number).get(0).path("id").asLong();
    Poll.until(CONVERGE, "the Project says its reports go through", () -> {
      Project project = admin.resources(Project.class).inNamespace(HOME).withName(PROJECT).get();
      return project.getStatus() != null && project.getStatus().conditions.stream().anyMatch(c ->
          "FeedbackFailed".equals(c.type) && "False".equals(c.status) && "Reported".equals(c.reason));
    });

    // A new push: the Environment follows the new head, and so does the status.
    String second = commit("second change");
    Poll.until(CONVERGE, "preview at " + second, () -> second.equals(environment(number).getSpec().pullRequest.headSha));
    Poll.until(CONVERGE, "success status on " + second, () -> {
      JsonNode status = previewStatus(second);
      return status != null && "success".equals(state(status));
    });
    Poll.until(CONVERGE, "the comment edited in place for " + second, () -> {
      try {
        List<JsonNode> marked = markedComments(number);
        return marked.size() == 1 && marked.get(0).path("id").asLong() == commentId
            && marked.get(0).path("body").asText().contains(second.substring(0, 7));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // What a commit shows only moves forward: never pending again once it was a success.
    for (String commit : List.of(sha, second)) {
      List<String> states = previewStates(commit);
      int success = states.indexOf("success");
      assertTrue(success >= 0 && !states.subList(success, states.size()).contains("pending"),
          commit + " showed " + states);
    }

    // The opening delivery sent again, with Gitea's own signature: nothing changes.
    Delivery opened = deliveries.get(0);
    String version = environment(number).getMetadata().getResourceVersion();
    int answer = forward(opened).statusCode();
    assertTrue(answer >= 200 && answer < 300, "a replay is acknowledged, answered " + answer);
    // The webhook answers after its write, so the version right after the answer tells.
    assertEquals(second, environment(number).getSpec().pullRequest.headSha, "a replay never brings back the old head");
    assertEquals(version, environment(number).getMetadata().getResourceVersion(), "and writes nothing");

    // Closing: the Environment and its namespace go, the status says so.
    String namespace = environment(number).getStatus().namespace;
    gitea.api(token, "PATCH", "/repos/" + USER + "/" + PROJECT + "/pulls/" + number, Map.of("state", "closed"), 201);
    Poll.until(CONVERGE, "preview deleted", () -> environment(number) == null);
    Poll.until(CONVERGE, "namespace " + namespace + " deleted", () -> admin.namespaces().withName(namespace).get() == null);
    Poll.until(CONVERGE, "final status on " + second, () -> {
      JsonNode status = previewStatus(second);
      return status != null && status.path("description").asText().contains("deleted");
    });
    int late = forward(opened).statusCode();
    assertTrue(late >= 200 && late < 300, "the opening replayed after the close is acknowledged, answered " + late);
    assertNull(environment(number), "and does not bring the preview back");
    assertFalse(operator.log().contains(feedbackToken), "the token never appears in the operator's log");
    assertFalse(admin.resources(Environment.class).inNamespace(HOME).list().toString().contains(feedbackToken));
  }
}
