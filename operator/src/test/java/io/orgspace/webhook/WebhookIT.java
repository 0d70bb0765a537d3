package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.api.PullRequestState;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.SlowClients;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries.Delivery;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed, real-shaped provider deliveries to the running operator drive Environments on the real
 * API server; and what the endpoint does against abuse: clients that hang, deliveries that are not
 * authentic, weak secrets, forks, and captured deliveries sent again.
 */
class WebhookIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "wh-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String SECRET = "whsec-" + UUID.randomUUID();
  /** One byte short of what a webhook secret must be. */
  private static final String WEAK_SECRET = "fifteen-bytes!!";
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("webhook-it", replica("webhook-it")).awaitReady();
    TestOrganization.named(ORG).owner().domain().create(admin).awaitHome(CONVERGE);
    for (String[] secret : new String[][] {{"hook", SECRET}, {"weak", WEAK_SECRET}, {"empty", ""}}) {
      admin.resource(new SecretBuilder().withNewMetadata().withName(secret[0]).withNamespace(HOME).endMetadata()
          .addToStringData("secret", secret[1]).build()).create();
    }
    for (GitProvider provider : List.of(GitProvider.github, GitProvider.gitlab, GitProvider.gitea)) {
      project(provider.name(), provider, "hook", false);
    }
    project("weak", GitProvider.github, "weak", false);
    project("empty", GitProvider.gitlab, "empty", false);
    project("nosecret", GitProvider.github, null, false);
    project("forks", GitProvider.github, "hook", true);
    project("lost", GitProvider.github, "no-such-secret", false);
    project("replay", GitProvider.github, "hook", false);
    // The webhook's own informer must know the projects before deliveries arrive.
    Poll.until(CONVERGE, "projects known to the webhook", () -> send("github", Deliveries.signed(GitProvider.github,
        SECRET, "{}".getBytes(StandardCharsets.UTF_8), "ping", UUID.randomUUID().toString())) == 202);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  /** Replicas share a lease: one reconciles, every one answers webhooks. */
  private static Map<String, String> replica(String name) {
    return Map.of("ORGSPACE_LEADER_ELECTION", "true", "ORGSPACE_LEASE_NAMESPACE", "default",
        "ORGSPACE_LEASE_NAME", "webhook-it-" + SFX, "POD_NAME", name + "-" + SFX);
  }

  /** A Project of {@code provider} whose webhook secret is the key "secret" of Secret {@code secret} (none if null). */
  private static void project(String name, GitProvider provider, String secret, boolean forks) {
    TestProject project = TestProject.named(name).in(HOME).repository(provider, "https://" + provider.name() + ".example/acme/" + name)
        .previewDomain(name + "." + ORG + ".example").previewImage("registry.example/shop:{{sha}}");
    if (secret != null) {
      project.webhookSecret(secret, "secret");
    }
    if (forks) {
      project.previewForks();
    }
    project.create(admin);
  }

  private static int send(String project, Delivery delivery) {
    return post(operator.webhookUrl(ORG, project), delivery);
  }

  private static int post(String url, Delivery delivery) {
    return answer(url, delivery).status();
  }

  /** What the webhook answered: all a sender learns. */
  record Answer(int status, String body) {}

  private static Answer answer(String url, Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      assertFalse(body.contains(SECRET), "a response never carries the secret");
      return new Answer(response.code(), body);
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
      var d = admin.apps().deployments().inNamespace(TenantNamespaces.environment(ORG, "github", "pr-5")).withName("app").get();
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

    assertEquals(401, post(operator.webhookUrl("no-such-org-" + SFX, "github"), good), "unknown organization");
    assertEquals(401, post(operator.webhookUrl(ORG, "no-such-project"), good), "unknown project");

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

  // ---- what the endpoint does against abuse ------------------------------------------------

  @Test
  void aDeliveryIsAnsweredAtOnceWhileFiftyClientsHangHalfway() throws Exception {
    int port = operator.webhookPort();
    String path = "/webhooks/" + ORG + "/github";
    String dribbled = SlowClients.halfBody(path) + " ".repeat(100);
    try (SlowClients halfHeaders = SlowClients.hang(port, 25, SlowClients.HALF_HEADERS);
         SlowClients halfBodies = SlowClients.hang(port, 25, SlowClients.halfBody(path))) {
      CompletableFuture<Integer> dribbler = CompletableFuture.supplyAsync(() -> {
        try {
          return SlowClients.dribble(port, dribbled, Duration.ofSeconds(2));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long start = System.nanoTime();
      int status = send("github", pr(GitProvider.github, "opened", 61, "aaaaaaa1", "2026-11-21T10:00:00Z", false));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(200, status);
      assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "answered in " + took.toMillis() + " ms");
      System.out.printf("signed delivery answered in %d ms while 50 connections hang halfway%n", took.toMillis());
      Poll.until(CONVERGE, "the half-sent requests cut at the request deadline",
          () -> halfHeaders.stillOpen() == 0 && halfBodies.stillOpen() == 0);
      int sent = dribbler.get(CONVERGE.toSeconds(), TimeUnit.SECONDS);
      assertTrue(sent < dribbled.length(), "a byte every 2 s does not keep a request alive: cut after " + sent + " bytes");
    }
    awaitHead("github-pr-61", "aaaaaaa1");
  }

  /** Deliveries that are not authentic, one of each kind. */
  private static List<Map.Entry<String, Delivery>> inauthentic() {
    Delivery good = pr(GitProvider.github, "opened", 62, "aaaaaaa1", "2026-11-21T10:00:00Z", false);
    Map<String, String> wrong = new java.util.LinkedHashMap<>(good.headers());
    wrong.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
    Map<String, String> unsigned = new java.util.LinkedHashMap<>(good.headers());
    unsigned.remove("X-Hub-Signature-256");
    return List.of(
        Map.entry(operator.webhookUrl(ORG, "github"), new Delivery(good.body(), wrong)),
        Map.entry(operator.webhookUrl(ORG, "github"), new Delivery(good.body(), unsigned)),
        Map.entry(operator.webhookUrl(ORG, "no-such-project"), good),
        Map.entry(operator.webhookUrl("no-such-org-" + SFX, "github"), good),
        Map.entry(operator.webhookUrl(ORG, "github") + "/extra", good),
        Map.entry(operator.webhookUrl(ORG, "nosecret"), good),
        Map.entry(operator.webhookUrl(ORG, "lost"), good),
        Map.entry(operator.webhookUrl(ORG, "weak"), Deliveries.pullRequest(GitProvider.github, WEAK_SECRET, "opened",
            62, "aaaaaaa1", "2026-11-21T10:00:00Z", false, false)),
        Map.entry(operator.webhookUrl(ORG, "empty"), Deliveries.pullRequest(GitProvider.gitlab, "", "open",
            62, "aaaaaaa1", "2026-11-21 10:00:00 UTC", false, false)));
  }

  @Test
  void everyRefusalGetsTheSameAnswerAndItsReasonIsCountedInside() {
    List<Answer> answers = inauthentic().stream().map(d -> answer(d.getKey(), d.getValue())).toList();

    assertEquals(1, new java.util.HashSet<>(answers).size(), "one answer for all: " + answers);
    assertEquals(401, answers.get(0).status());
    String metrics = operator.body("/metrics");
    for (String reason : List.of("bad-signature", "unknown-project", "malformed-path", "no-secret", "secret-missing",
        "weak-secret")) {
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("orgspace_webhook_deliveries_total")
          && l.contains("reason=\"" + reason + "\"") && l.contains("result=\"unauthorized\"")), reason + " counted");
    }
    assertNull(environment("github-pr-62"));
    assertNull(environment("weak-pr-62"));
  }

  @Test
  void aRequestCannotWriteIntoTheLog() throws Exception {
    // A percent-encoded line break stays text; a raw control character (a terminal escape) is escaped.
    String base = "http://127.0.0.1:" + operator.webhookPort() + "/webhooks/" + ORG;
    assertEquals(401, post(base + "/x%0d%0aFORGED%20line", pr(GitProvider.github, "opened", 66, "aaaaaaa1",
        "2026-11-21T10:00:00Z", false)));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), operator.webhookPort())) {
      socket.getOutputStream().write(("POST /webhooks/" + ORG + "/x\u001b[2Kerased HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
    }
    Poll.until(CONVERGE, "both refusals logged", () -> operator.log().contains("/x\\x1b[2Kerased")
        && operator.log().contains("/x%0d%0aFORGED%20line"));
    assertFalse(operator.log().contains("\u001b"), "no raw escape reaches the log");
    assertTrue(operator.log().lines().noneMatch(l -> l.startsWith("FORGED")), "no line of the request's making");
  }

  @Test
  void aRefusedDeliveryCostsNoRequestToTheApiServer() {
    List<Map.Entry<String, Delivery>> refused = inauthentic();
    long fewest = Long.MAX_VALUE;
    // A round may overlap one of the operator's own periodic requests (a resync, a renewed watch);
    // a request per refused delivery would show in every round.
    for (int round = 0; round < 3 && fewest > 0; round++) {
      long before = apiRequests();
      for (int i = 0; i < 1000; i++) {
        Map.Entry<String, Delivery> delivery = refused.get(i % refused.size());
        assertEquals(401, post(delivery.getKey(), delivery.getValue()));
      }
      fewest = Math.min(fewest, apiRequests() - before);
    }
    System.out.printf("requests to the API server during 1,000 refused deliveries: %d%n", fewest);
    assertEquals(0, fewest, "requests to the API server during 1,000 refused deliveries");
  }

  /**
   * The operator's count of its requests to the API server ({@code orgspace_kubernetes_requests_total}),
   * but leader election's: its lease is renewed every few seconds whatever arrives.
   */
  private static long apiRequests() {
    return Math.round(operator.body("/metrics").lines()
        .filter(l -> l.startsWith("orgspace_kubernetes_requests_total{") && !l.contains("resource=\"leases\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
  }

  @Test
  void aWeakOrEmptySecretVerifiesNothingAndTheProjectSaysSo() {
    for (String project : List.of("weak", "empty")) {
      Poll.until(CONVERGE, project + " Ready=False WebhookSecretTooShort", () -> {
        Project p = admin.resources(Project.class).inNamespace(HOME).withName(project).get();
        Condition ready = p.getStatus() == null ? null : Conditions.find(p.getStatus().conditions, Condition.READY);
        return ready != null && Condition.FALSE.equals(ready.status) && "WebhookSecretTooShort".equals(ready.reason);
      });
    }
    assertEquals(401, send("weak", Deliveries.pullRequest(GitProvider.github, WEAK_SECRET, "opened", 63, "aaaaaaa1",
        "2026-11-21T10:00:00Z", false, false)), "signed with the 15-byte secret");
    assertEquals(401, send("empty", Deliveries.pullRequest(GitProvider.gitlab, "", "open", 63, "aaaaaaa1",
        "2026-11-21 10:00:00 UTC", false, false)), "an empty GitLab token for an empty secret");
    assertNull(environment("weak-pr-63"));
    assertNull(environment("empty-pr-63"));
  }

  @Test
  void pullRequestsFromForksGetNoPreviewUnlessTheProjectOptsIn() {
    for (GitProvider provider : List.of(GitProvider.github, GitProvider.gitlab, GitProvider.gitea)) {
      assertEquals(200, send(provider.name(), Deliveries.forkPullRequest(provider, SECRET,
          provider == GitProvider.gitlab ? "open" : "opened", 64, "aaaaaaa1",
          provider == GitProvider.gitlab ? "2026-11-21 10:00:00 UTC" : "2026-11-21T10:00:00Z")));
      assertNull(environment(provider.name() + "-pr-64"), provider + ": no preview for a fork");
    }
    assertEquals(200, send("forks", Deliveries.forkPullRequest(GitProvider.github, SECRET, "opened", 64, "aaaaaaa1",
        "2026-11-21T10:00:00Z")));
    awaitHead("forks-pr-64", "aaaaaaa1");
  }

  @Test
  void aCapturedOpeningSentAgainAfterTheCloseBringsNothingBackOnAnotherReplicaNorAfterARestart() throws Exception {
    Delivery opened = pr(GitProvider.github, "opened", 65, "aaaaaaa1", "2026-11-21T10:00:00Z", false);
    try (OperatorProcess other = OperatorProcess.start("webhook-it-replica", replica("webhook-it-replica"))
        .awaitReady()) {
      String url = other.webhookUrl(ORG, "replay");
      assertEquals(200, post(url, opened));
      awaitHead("replay-pr-65", "aaaaaaa1");
      assertEquals(200, post(url, pr(GitProvider.github, "closed", 65, "aaaaaaa1", "2026-11-21T11:00:00Z", false)));
      awaitGone("replay-pr-65");
      assertEquals(202, post(operator.webhookUrl(ORG, "replay"), replayed(opened)), "the other replica refuses it");
      other.kill();
    }
    // The project controller writes its status in between (Ready turns False): the webhook's memory stays.
    admin.resources(Project.class).inNamespace(HOME).withName("replay")
        .edit(p -> {
          p.getSpec().previews.domain = "replay.elsewhere.example";
          return p;
        });
    Poll.until(CONVERGE, "replay Ready=False DomainNotOwned", () -> {
      Project p = admin.resources(Project.class).inNamespace(HOME).withName("replay").get();
      Condition ready = Conditions.find(p.getStatus().conditions, Condition.READY);
      return ready != null && "DomainNotOwned".equals(ready.reason);
    });
    try (OperatorProcess restarted = OperatorProcess.start("webhook-it-replica-restarted", replica("webhook-it-replica"))
        .awaitReady()) {
      assertEquals(202, post(restarted.webhookUrl(ORG, "replay"), replayed(opened)), "the restarted replica refuses it");
    }
    assertNull(environment("replay-pr-65"));

    Project replay = admin.resources(Project.class).inNamespace(HOME).withName("replay").get();
    assertTrue(replay.getStatus().webhook.pullRequests.stream().map(PullRequestState::parse)
        .anyMatch(e -> e.number() == 65 && e.closedAt() != null),
        "the close is remembered in the Project's status");
    try (KubernetesClient owner = ControlPlane.as("owner@" + ORG + ".example")) {
      KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> owner
          .resources(Project.class).inNamespace(HOME).withName("replay").subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"webhook\":null}}"));
      assertEquals(403, refused.getCode(), "not even an Owner may write what the webhook remembers");
    }
  }

  /** A captured delivery sent again: the same signed body under a new delivery id. */
  private static Delivery replayed(Delivery delivery) {
    return Deliveries.signed(GitProvider.github, SECRET, delivery.body(), "pull_request", UUID.randomUUID().toString());
  }

  private static List<String> names() {
    return admin.resources(Environment.class).inNamespace(HOME).list().getItems().stream()
        .map(e -> e.getMetadata().getName() + "@" + e.getMetadata().getResourceVersion()).sorted().toList();
  }
}
