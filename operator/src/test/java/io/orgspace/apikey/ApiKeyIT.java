package io.orgspace.apikey;

import static io.orgspace.testing.Requests.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** API keys on the real API server: their tokens authenticate, act within their scope, rotate and die. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeyIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "key-" + SFX;
  private static final String OTHER = "key-other-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final List<String> TOKENS_SEEN = new ArrayList<>();
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("apikey-it").awaitReady();
    for (String org : List.of(ORG, OTHER)) {
      TestOrganization organization = TestOrganization.named(org).domain().create(admin).awaitHome(CONVERGE);
      TestProject.named("shop").in(organization.home())
          .repository(GitProvider.github, "https://github.com/" + org + "/shop").create(admin);
    }
    key("reader", "Manager", "");
    key("builder", "Developer", "");
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG, OTHER));
  }

  private static void key(String name, String scope, String extra) {
    admin.resource(ControlPlane.load(ApiKey.class, "apiVersion: orgspace.io/v1alpha1\nkind: ApiKey\n"
        + "metadata: {name: " + name + ", namespace: " + HOME + "}\n"
        + "spec: {scope: " + scope + ", lifetime: 1h, description: test" + extra + "}\n")).create();
  }

  private static ApiKey get(String name) {
    return admin.resources(ApiKey.class).inNamespace(HOME).withName(name).get();
  }

  private static ApiKey awaitReason(String name, String reason) {
    Poll.until(CONVERGE, name + " " + reason, () -> {
      ApiKey key = get(name);
      Condition ready = key == null || key.getStatus() == null ? null : Conditions.find(key.getStatus().conditions, Condition.READY);
      return ready != null && reason.equals(ready.reason);
    });
    return get(name);
  }

  private static String token(String name) {
    Secret secret = admin.secrets().inNamespace(HOME).withName("apikey-" + name).get();
    String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    TOKENS_SEEN.add(token);
    return token;
  }

  private static KubernetesClient withToken(String token) {
    Config base = admin.getConfiguration();
    // From an empty Config: a KUBECONFIG in the environment must not add the admin's certificate.
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(base.getMasterUrl()).withCaCertData(base.getCaCertData())
        .withOauthToken(token).withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static int status(KubernetesClient client) {
    try {
      client.resources(Project.class).inNamespace(HOME).list();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  @Test
  @Order(1)
  void aTokenAuthenticatesAsTheKeysServiceAccount() {
    ApiKey reader = awaitReason("reader", "TokenIssued");
    assertEquals("apikey-reader", reader.getStatus().secretName);
    assertTrue(Instant.parse(reader.getStatus().expiresAt).isAfter(Instant.now().plus(Duration.ofMinutes(50))));
    try (KubernetesClient client = withToken(token("reader"))) {
      SelfSubjectReview review = client.resource(new SelfSubjectReview()).create();
      assertEquals("system:serviceaccount:" + HOME + ":apikey-reader", review.getStatus().getUserInfo().getUsername());
    }
  }

  @Test
  @Order(2)
  void eachKeyActsWithinItsScopeAndItsOrganization() {
    awaitReason("builder", "TokenIssued");
    try (KubernetesClient reader = withToken(token("reader")); KubernetesClient builder = withToken(token("builder"))) {
      Poll.until(CONVERGE, "reader bound", () -> status(reader) == 200);
      assertTrue(allowed(reader, c -> c.resources(Environment.class).inNamespace(HOME).list()));
      assertFalse(allowed(reader, c -> c.resource(env("by-reader")).create()), "Manager keys cannot write");
      assertFalse(allowed(reader, c -> c.resources(Project.class).inNamespace(HOME).withName("shop")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"files\":{\"a\":\"b\"}}}")));
      assertFalse(allowed(reader, c -> c.secrets().inNamespace(HOME).list()));
      Poll.until(CONVERGE, "builder bound", () -> status(builder) == 200);
      assertTrue(allowed(builder, c -> c.resource(env("by-builder")).create()), "Developer keys create environments");
      for (KubernetesClient key : List.of(reader, builder)) {
        assertFalse(allowed(key, c -> c.resources(Project.class).inNamespace("org-" + OTHER).list()), "no other organization");
      }
    }
  }

  private static Environment env(String name) {
    return ControlPlane.load(Environment.class, "apiVersion: orgspace.io/v1alpha1\nkind: Environment\n"
        + "metadata: {name: " + name + ", namespace: " + HOME + "}\nspec: {project: shop, pullRequest: {number: 3}}\n");
  }

  @Test
  @Order(3)
  void theKubeconfigInTheSecretWorks() {
    Secret secret = admin.secrets().inNamespace(HOME).withName("apikey-reader").get();
    String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")), StandardCharsets.UTF_8);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
      assertEquals(1, client.resources(Project.class).list().getItems().size(), "its namespace is the default");
    }
  }

  @Test
  @Order(4)
  void rotationIssuesANewTokenInPlace() {
    String before = token("reader");
    String rotatedAt = get("reader").getStatus().rotatedAt;
    admin.resources(ApiKey.class).inNamespace(HOME).withName("reader").edit(k -> {
      k.getMetadata().getAnnotations().put(ApiKeyObjects.ROTATE, "now-" + SFX);
      return k;
    });
    Poll.until(CONVERGE, "new token in the Secret", () -> !token("reader").equals(before));
    String after = token("reader");
    try (KubernetesClient client = withToken(after)) {
      assertEquals(200, status(client));
    }
    Poll.until(CONVERGE, "status shows the rotation", () -> get("reader").getStatus().rotatedAt != null
        && Instant.parse(get("reader").getStatus().rotatedAt).isAfter(Instant.parse(rotatedAt)));
  }

  @Test
  @Order(5)
  void revocationKillsEveryTokenAtOnce() {
    String current = token("reader");
    try (KubernetesClient client = withToken(current)) {
      assertEquals(200, status(client));
      admin.resources(ApiKey.class).inNamespace(HOME).withName("reader")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"revoked\":true}}");
      long start = System.nanoTime();
      Poll.until(CONVERGE, "revoked token refused", () -> status(client) == 401);
      System.out.printf("revoked -> 401 after %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }
    ApiKey revoked = awaitReason("reader", "Revoked");
    assertEquals(Condition.FALSE, Conditions.find(revoked.getStatus().conditions, Condition.READY).status);
    Poll.until(CONVERGE, "token Secret removed", () -> admin.secrets().inNamespace(HOME).withName("apikey-reader").get() == null);
  }

  @Test
  @Order(6)
  void anExpiredKeyIsReportedAndItsTokenRefused() {
    String end = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS).toString();
    key("brief", "Manager", ", expiresAt: \"" + end + "\"");
    awaitReason("brief", "TokenIssued");
    try (KubernetesClient client = withToken(token("brief"))) {
      Poll.until(CONVERGE, "brief bound", () -> status(client) == 200);
      awaitReason("brief", "Expired");
      Poll.until(CONVERGE, "expired token refused", () -> status(client) == 401);
    }
  }

  @Test
  @Order(7)
  void deletingAKeyKillsItsToken() {
    String current = token("builder");
    admin.resources(ApiKey.class).inNamespace(HOME).withName("builder").delete();
    try (KubernetesClient client = withToken(current)) {
      Poll.until(CONVERGE, "deleted key's token refused", () -> status(client) == 401);
    }
  }

  @Test
  @Order(8)
  void tokensNeverAppearInStatusEventsOrLogs() {
    assertFalse(TOKENS_SEEN.isEmpty());
    String log = operator.log();
    String keys = Serialization.asJson(admin.resources(ApiKey.class).inNamespace(HOME).list());
    String events = Serialization.asJson(admin.events().v1().events().inNamespace(HOME).list())
        + Serialization.asJson(admin.v1().events().inNamespace(HOME).list());
    for (String token : TOKENS_SEEN) {
      String tail = token.substring(token.length() - 24);
      assertFalse(log.contains(tail), "token in the operator's log");
      assertFalse(keys.contains(tail), "token in an ApiKey");
      assertFalse(events.contains(tail), "token in an Event");
    }
    assertNotEquals(0, log.length());
  }
}
