package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed, real-shaped provider deliveries to the running operator drive Environments on the real API server. */
class WebhookIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "wh-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String SECRET = "whsec-" + UUID.randomUUID();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("webhook-it").awaitReady(CONVERGE);
    TestOrganization.named(ORG).owner().domain().create(admin).awaitHome(CONVERGE);
    admin.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(HOME).endMetadata()
        .addToStringData("secret", SECRET).build()).create();
    for (GitProvider provider : List.of(GitProvider.github, GitProvider.gitlab, GitProvider.gitea)) {
      TestProject.named(provider.name()).in(HOME)
          .repository(provider, "https://" + provider.name() + ".example/acme/shop").webhookSecret("hook", "secret")
          .previewDomain(provider.name() + "." + ORG + ".example").previewImage("registry.example/shop:{{sha}}")
          .create(admin);
    }
    // The webhook's own informer must know the projects before deliveries arrive.
    Poll.until(CONVERGE, "projects known to the webhook", () -> send("github", Deliveries.signed(GitProvider.github,
        SECRET, "{}".getBytes(StandardCharsets.UTF_8), "ping", UUID.randomUUID().toString())) == 202);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  private static int send(String project, Delivery delivery) {
    return post(operator.webhookUrl(ORG, project), delivery);
  }

  private static int post(String url, Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      assertFalse(body.contains(SECRET), "a response never carries the secret");
      return response.code();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Environment environment(String name) {
    return admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
  }

  private static void awaitHead(String name, String sha) {
    Poll.until(CONVERGE, name + " at " + sha, () -> {
      Environment env = environment(name);
      return env != null && sha.equals(env.getSpec().pullRequest.headSha);
    });
  }

  private static void awaitGone(String name) {
    Poll.until(CONVERGE, name + " deleted", () -> environment(name) == null);
  }

  private static Delivery pr(GitProvider provider, String action, long number, String sha, String updatedAt, boolean merged) {
    return Deliveries.pullRequest(provider, SECRET, action, number, sha, updatedAt, false, merged);
  }

  @Test
  void githubPullRequestLifecycle() {
    assertEquals(200, send("github", pr(GitProvider.github, "opened", 5, "aaaaaaa1", "2026-11-21T10:00:00Z", false)));
    awaitHead("github-pr-5", "aaaaaaa1");
    Environment opened = environment("github-pr-5");
    assertEquals("feature/cart", opened.getSpec().pullRequest.branch);
    assertNull(opened.getSpec().image, "the image comes from the project's template");

    assertEquals(200, send("github", pr(GitProvider.github, "synchronize", 5, "bbbbbbb2", "2026-11-21T11:00:00Z", false)));
    awaitHead("github-pr-5", "bbbbbbb2");
    Poll.until(CONVERGE, "deployment at the new head", () -> {
      var d = admin.apps().deployments().inNamespace(ORG + "-github-pr-5").withName("app").get();
      return d != null && d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals("registry.example/shop:bbbbbbb2");
    });

    assertEquals(202, send("github", pr(GitProvider.github, "synchronize", 5, "ccccccc3", "2026-11-21T10:30:00Z", false)),
        "an event for an older head is ignored");
    assertEquals("bbbbbbb2", environment("github-pr-5").getSpec().pullRequest.headSha);

    assertEquals(200, send("github", pr(GitProvider.github, "closed", 5, "bbbbbbb2", "2026-11-21T12:00:00Z", false)));
    awaitGone("github-pr-5");
    assertEquals(200, send("github", pr(GitProvider.github, "reopened", 5, "bbbbbbb2", "2026-11-21T13:00:00Z", false)));
    awaitHead("github-pr-5", "bbbbbbb2");
    assertEquals(200, send("github", pr(GitProvider.github, "closed", 5, "bbbbbbb2", "2026-11-21T14:00:00Z", true)));
    awaitGone("github-pr-5");
  }

  @Test
  void gitlabMergeRequestLifecycle() {
    assertEquals(200, send("gitlab", pr(GitProvider.gitlab, "open", 8, "aaaaaaa1", "2026-11-21 10:00:00 UTC", false)));
    awaitHead("gitlab-pr-8", "aaaaaaa1");
    assertEquals(200, send("gitlab", pr(GitProvider.gitlab, "update", 8, "bbbbbbb2", "2026-11-21 11:00:00 UTC", false)));
    awaitHead("gitlab-pr-8", "bbbbbbb2");
    assertEquals(200, send("gitlab", pr(GitProvider.gitlab, "close", 8, "bbbbbbb2", "2026-11-21 12:00:00 UTC", false)));
    awaitGone("gitlab-pr-8");
    assertEquals(200, send("gitlab", pr(GitProvider.gitlab, "reopen", 8, "bbbbbbb2", "2026-11-21 13:00:00 UTC", false)));
    awaitHead("gitlab-pr-8", "bbbbbbb2");
    assertEquals(200, send("gitlab", pr(GitProvider.gitlab, "merge", 8, "bbbbbbb2", "2026-11-21 14:00:00 UTC", true)));
    awaitGone("gitlab-pr-8");
  }

  @Test
  void giteaPullRequestLifecycle() {
    assertEquals(200, send("gitea", pr(GitProvider.gitea, "opened", 3, "aaaaaaa1", "2026-11-21T10:00:00Z", false)));
    awaitHead("gitea-pr-3", "aaaaaaa1");
    assertEquals(200, send("gitea", pr(GitProvider.gitea, "synchronized", 3, "bbbbbbb2", "2026-11-21T11:00:00Z", false)));
    awaitHead("gitea-pr-3", "bbbbbbb2");
    assertEquals(200, send("gitea", pr(GitProvider.gitea, "closed", 3, "bbbbbbb2", "2026-11-21T12:00:00Z", true)));
    awaitGone("gitea-pr-3");
  }

  @Test
  void badRequestsGetTheirStatusAndChangeNothing() {
    Delivery good = pr(GitProvider.github, "opened", 77, "aaaaaaa1", "2026-11-21T10:00:00Z", false);
    List<String> before = names();

    Map<String, String> unsigned = new java.util.LinkedHashMap<>(good.headers());
    unsigned.remove("X-Hub-Signature-256");
    assertEquals(401, send("github", new Delivery(good.body(), unsigned)), "missing signature");
    Map<String, String> wrong = new java.util.LinkedHashMap<>(good.headers());
    wrong.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
    assertEquals(401, send("github", new Delivery(good.body(), wrong)), "wrong signature");
    Map<String, String> malformed = new java.util.LinkedHashMap<>(good.headers());
    malformed.put("X-Hub-Signature-256", "md5=xyz");
    assertEquals(401, send("github", new Delivery(good.body(), malformed)), "malformed signature");
    byte[] tampered = new String(good.body(), StandardCharsets.UTF_8).replace("aaaaaaa1", "eeeeeee9").getBytes(StandardCharsets.UTF_8);
    assertEquals(401, send("github", new Delivery(tampered, good.headers())), "body changed after signing");
    Map<String, String> gitlabWrong = new java.util.LinkedHashMap<>(pr(GitProvider.gitlab, "open", 77, "aaaaaaa1",
        "2026-11-21 10:00:00 UTC", false).headers());
    gitlabWrong.put("X-Gitlab-Token", "guess");
    assertEquals(401, send("gitlab", new Delivery(good.body(), gitlabWrong)), "wrong GitLab token");

    assertEquals(404, post(operator.webhookUrl("no-such-org-" + SFX, "github"), good), "unknown organization");
    assertEquals(404, post(operator.webhookUrl(ORG, "no-such-project"), good), "unknown project");

    byte[] huge = ("{\"pad\":\"" + "x".repeat(WebhookServer.MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertEquals(413, send("github", Deliveries.signed(GitProvider.github, SECRET, huge, "pull_request", "big-" + SFX)));
    assertEquals(202, send("github", Deliveries.signed(GitProvider.github, SECRET,
        "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8), "push", "push-" + SFX)), "unsupported event");
    assertEquals(400, send("github", Deliveries.signed(GitProvider.github, SECRET,
        "{\"action\": \"opened\", \"number\": ".getBytes(StandardCharsets.UTF_8), "pull_request", "broken-" + SFX)),
        "malformed JSON with a valid signature");

    assertEquals(before, names(), "no Environment changed");
    assertNull(environment("github-pr-77"));
  }

  @Test
  void aReplayedDeliveryChangesNothing() {
    Delivery opened = pr(GitProvider.github, "opened", 91, "aaaaaaa1", "2026-11-21T10:00:00Z", false);
    assertEquals(200, send("github", opened));
    awaitHead("github-pr-91", "aaaaaaa1");
    Poll.until(CONVERGE, "github-pr-91 settled", () -> {
      Environment env = environment("github-pr-91");
      return env.getStatus() != null && io.orgspace.common.Conditions.isTrue(env.getStatus().conditions, "Ready");
    });
    // The webhook answers after its write, so the version right after the replay's answer tells.
    String version = environment("github-pr-91").getMetadata().getResourceVersion();
    assertEquals(200, send("github", opened), "a replay is acknowledged");
    assertEquals(version, environment("github-pr-91").getMetadata().getResourceVersion(), "and changes nothing");

    assertEquals(200, send("github", pr(GitProvider.github, "closed", 91, "aaaaaaa1", "2026-11-21T11:00:00Z", false)));
    awaitGone("github-pr-91");
    assertEquals(200, send("github", opened), "replaying the opening after the close");
    assertNull(environment("github-pr-91"), "does not bring the preview back");

    var audit = admin.events().v1().events().inNamespace(HOME).list().getItems().stream()
        .filter(e -> "WebhookDelivery".equals(e.getReason()) && e.getNote().contains(opened.headers().get("X-GitHub-Delivery")))
        .toList();
    assertEquals(1, audit.size(), "one audit Event per accepted delivery");
    assertNotNull(audit.get(0).getRegarding());
    assertEquals("github", audit.get(0).getRegarding().getName());
    assertTrue(audit.get(0).getNote().contains("pull request #91 open"), audit.get(0).getNote());
  }

  private static List<String> names() {
    return admin.resources(Environment.class).inNamespace(HOME).list().getItems().stream()
        .map(e -> e.getMetadata().getName() + "@" + e.getMetadata().getResourceVersion()).sorted().toList();
  }
}
