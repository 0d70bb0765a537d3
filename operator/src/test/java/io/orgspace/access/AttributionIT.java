package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Attribution;
import io.orgspace.api.Change;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.api.ResourceStatus;
import io.orgspace.api.Role;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who changed what, on the real API server: the stamps the attribution policy writes for each
 * requester (impersonated roles, an API key's token, the operator's webhook), that a request
 * cannot forge them, the bounded change history in status, and the audit log's entries.
 */
class AttributionIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "attr-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String OWNER = "owner@" + ORG + ".example";
  private static final String DEV = "dev@" + ORG + ".example";
  private static final String SECRET = "whsec-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient admin;
  private static KubernetesClient owner;
  private static KubernetesClient developer;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("attribution-it").awaitReady(CONVERGE);
    TestOrganization.named(ORG).owner(OWNER).domain().create(admin).awaitReady(CONVERGE);
    TestMembership.create(admin, HOME, "dev", DEV, Role.Developer);
    admin.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(HOME).endMetadata()
        .addToStringData("secret", SECRET).build()).create();
    owner = ControlPlane.as(OWNER);
    developer = ControlPlane.as(DEV);
    Poll.until(CONVERGE, "the owner's role binding", () -> ok(() -> owner.resources(Project.class).inNamespace(HOME).list()));
    TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/acme/shop")
        .webhookSecret("hook", "secret").previewDomain("shop." + ORG + ".example")
        .previewImage("registry.example/shop:{{sha}}").create(owner);
    Poll.until(CONVERGE, "the developer's role binding",
        () -> ok(() -> developer.resources(Environment.class).inNamespace(HOME).list()));
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  private static boolean ok(Runnable request) {
    try {
      request.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Environment environment(String name, String image, Map<String, String> annotations) {
    Environment environment = ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: shop, image: "%s"}
        """.formatted(name, HOME, image));
    environment.getMetadata().setAnnotations(annotations);
    return environment;
  }

  private static Environment get(String name) {
    return admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
  }

  private static String annotation(HasMetadata object, String key) {
    return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(key);
  }

  private static void patch(KubernetesClient client, String name, String mergePatch) {
    client.resources(Environment.class).inNamespace(HOME).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  /** Waits until status.changes records the object's current generation; returns that change. */
  private static Change awaitRecorded(String name) {
    Poll.until(CONVERGE, name + ": the current generation in status.changes", () -> {
      Environment environment = get(name);
      List<Change> changes = environment.getStatus() == null ? null : environment.getStatus().changes;
      return changes != null && environment.getMetadata().getGeneration().equals(changes.get(changes.size() - 1).generation);
    });
    List<Change> changes = get(name).getStatus().changes;
    return changes.get(changes.size() - 1);
  }

  @Test
  void aDevelopersChangeIsStampedWithTheDeveloperAndKeptInStatus() {
    developer.resource(environment("dev-made", "registry.example/shop:1", null)).create();
    Environment created = get("dev-made");
    assertEquals(DEV, annotation(created, Attribution.CREATED_BY));
    assertEquals(DEV, annotation(created, Attribution.CHANGED_BY));
    Change first = awaitRecorded("dev-made");
    assertEquals(DEV, first.by);
    assertTrue(first.fields.containsAll(List.of("image", "project")), "a creation sets every field it names: " + first.fields);
    assertEquals(DEV, get("dev-made").getStatus().createdBy.by);

    patch(owner, "dev-made", "{\"spec\":{\"image\":\"registry.example/shop:2\"}}");
    Environment changed = get("dev-made");
    assertEquals(DEV, annotation(changed, Attribution.CREATED_BY), "the creator stays");
    assertEquals(OWNER, annotation(changed, Attribution.CHANGED_BY));
    Change second = awaitRecorded("dev-made");
    assertEquals(OWNER, second.by);
    assertEquals(List.of("image"), second.fields);
    assertEquals(List.of(DEV, OWNER), get("dev-made").getStatus().changes.stream().map(c -> c.by).toList());
    assertEquals(DEV, get("dev-made").getStatus().createdBy.by);

    // The owner's own objects too: every kind is stamped.
    Project project = admin.resources(Project.class).inNamespace(HOME).withName("shop").get();
    assertEquals(OWNER, annotation(project, Attribution.CREATED_BY));
  }

  @Test
  void aForgedStampIsOverwritten() {
    developer.resource(environment("forged", "registry.example/shop:1", Map.of(
        Attribution.CREATED_BY, OWNER, Attribution.CHANGED_BY, OWNER, Attribution.FORGE_AUTHOR, "torvalds"))).create();
    Environment created = get("forged");
    assertEquals(DEV, annotation(created, Attribution.CREATED_BY));
    assertEquals(DEV, annotation(created, Attribution.CHANGED_BY));
    assertNull(annotation(created, Attribution.FORGE_AUTHOR), "only the operator may name a forge's user");

    patch(owner, "forged", "{\"spec\":{\"image\":\"registry.example/shop:2\"}}");
    // Without a spec change, and with one: either way the stored stamps win.
    patch(developer, "forged", "{\"metadata\":{\"annotations\":{\"" + Attribution.CHANGED_BY + "\":\"" + DEV + "\",\""
        + Attribution.CREATED_BY + "\":\"" + OWNER + "\",\"" + Attribution.FORGE_URL + "\":\"https://example.com\"}}}");
    Environment kept = get("forged");
    assertEquals(OWNER, annotation(kept, Attribution.CHANGED_BY));
    assertEquals(DEV, annotation(kept, Attribution.CREATED_BY));
    assertNull(annotation(kept, Attribution.FORGE_URL));
    patch(developer, "forged", "{\"metadata\":{\"annotations\":{\"" + Attribution.CHANGED_BY + "\":\"" + OWNER + "\"}},"
        + "\"spec\":{\"image\":\"registry.example/shop:3\"}}");
    assertEquals(DEV, annotation(get("forged"), Attribution.CHANGED_BY));
    // Removing them does not work either.
    patch(developer, "forged", "{\"metadata\":{\"annotations\":{\"" + Attribution.CHANGED_BY + "\":null,\""
        + Attribution.CREATED_BY + "\":null}}}");
    assertEquals(DEV, annotation(get("forged"), Attribution.CHANGED_BY));
    assertEquals(DEV, annotation(get("forged"), Attribution.CREATED_BY));
    assertEquals(DEV, awaitRecorded("forged").by);
  }

  @Test
  void anApiKeysChangeIsAttributedToTheKey() {
    admin.resource(environment("keyed", "registry.example/shop:1", null)).create();
    admin.resource(ControlPlane.load(ApiKey.class, "apiVersion: orgspace.io/v1alpha1\nkind: ApiKey\n"
        + "metadata: {name: ci, namespace: " + HOME + "}\nspec: {scope: Developer, lifetime: 1h, description: deploys}\n")).create();
    Poll.until(CONVERGE, "the key's token", () -> {
      Secret secret = admin.secrets().inNamespace(HOME).withName("apikey-ci").get();
      return secret != null && secret.getData() != null && secret.getData().containsKey("token");
    });
    String token = new String(Base64.getDecoder().decode(admin.secrets().inNamespace(HOME).withName("apikey-ci").get()
        .getData().get("token")), StandardCharsets.UTF_8);
    Config base = admin.getConfiguration();
    try (KubernetesClient key = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(base.getMasterUrl())
        .withCaCertData(base.getCaCertData()).withOauthToken(token).build()).build()) {
      Poll.until(CONVERGE, "the key's role binding", () -> ok(() -> patch(key, "keyed",
          "{\"spec\":{\"image\":\"registry.example/shop:2\"}}")));
    }
    String expected = Attribution.API_KEY_ACTOR_PREFIX + ORG + "/ci";
    assertEquals(expected, annotation(get("keyed"), Attribution.CHANGED_BY));
    assertEquals(expected, awaitRecorded("keyed").by);
  }

  @Test
  void aWebhookMadePreviewRecordsThePullRequestsAuthor() {
    Poll.until(CONVERGE, "the pull request's preview", () -> {
      deliver(Deliveries.pullRequest(GitProvider.github, SECRET, "opened", 7, "aaaaaaa1", "2026-11-21T10:00:00Z", false, false));
      return get("shop-pr-7") != null;
    });
    Environment preview = get("shop-pr-7");
    assertEquals("github", annotation(preview, Attribution.FORGE_PROVIDER));
    assertEquals("bob", annotation(preview, Attribution.FORGE_AUTHOR));
    assertEquals("bob", annotation(preview, Attribution.FORGE_SENDER));
    assertEquals("https://github.com/acme/shop/pull/7", annotation(preview, Attribution.FORGE_URL));
    Change made = awaitRecorded("shop-pr-7");
    assertNotNull(made.forge);
    assertEquals("bob", made.forge.author);
    assertEquals("https://github.com/acme/shop/pull/7", made.forge.url);
    assertEquals(annotation(preview, Attribution.CHANGED_BY), made.by, "the operator wrote it");

    // A member's later change is the member's: the forge no longer speaks for it.
    patch(developer, "shop-pr-7", "{\"spec\":{\"replicas\":2}}");
    Environment edited = get("shop-pr-7");
    assertEquals(DEV, annotation(edited, Attribution.CHANGED_BY));
    assertNull(annotation(edited, Attribution.FORGE_AUTHOR));
    Change byMember = awaitRecorded("shop-pr-7");
    assertEquals(DEV, byMember.by);
    assertNull(byMember.forge);
    assertEquals(List.of("replicas"), byMember.fields);
  }

  private static void deliver(Deliveries.Delivery delivery) {
    int status = Deliveries.post(operator.webhookUrl(ORG, "shop"), delivery);
    assertTrue(status < 500, "webhook answered " + status);
  }

  @Test
  void theChangeHistoryKeepsTheLastChangesAndWritesNothingAtRest() {
    admin.resource(environment("busy", "registry.example/shop:0", null)).create();
    awaitRecorded("busy");
    int edits = ResourceStatus.MAX_CHANGES + 2;
    for (int i = 1; i <= edits; i++) {
      patch(developer, "busy", "{\"spec\":{\"variables\":{\"RUN\":\"" + i + "\"}}}");
      assertEquals(DEV, awaitRecorded("busy").by);
    }
    Environment busy = get("busy");
    List<Change> changes = busy.getStatus().changes;
    assertEquals(ResourceStatus.MAX_CHANGES, changes.size(), "bounded");
    long current = busy.getMetadata().getGeneration();
    List<Long> generations = new ArrayList<>();
    for (long g = current - ResourceStatus.MAX_CHANGES + 1; g <= current; g++) {
      generations.add(g);
    }
    assertEquals(generations, changes.stream().map(c -> c.generation).toList(), "the newest ones, oldest first");
    assertTrue(changes.stream().allMatch(c -> List.of("variables").equals(c.fields) && c.at != null), changes.toString());

    // At rest: the operator's resyncs of the converged object write nothing.
    Poll.untilStable(CONVERGE, Duration.ofSeconds(5), "busy at rest", () -> get("busy").getMetadata().getResourceVersion());
  }

  @Test
  void theAuditPolicyRecordsWritesWithTheirBodyAndSecretsWithout() throws IOException {
    assertTrue(Files.exists(ControlPlane.auditLog()), ControlPlane.auditLog() + " missing: the control plane predates"
        + " its audit policy; run controlplane/run.sh down, then up");
    developer.resource(environment("audited", "registry.example/shop:1", null)).create();
    patch(developer, "audited", "{\"spec\":{\"image\":\"registry.example/shop:audited\"}}");
    owner.resources(Environment.class).inNamespace(HOME).withName("audited").get();
    admin.secrets().inNamespace(HOME).withName("hook").get();

    JsonNode write = awaitAuditEvent("the developer's patch", e -> "environments".equals(e.at("/objectRef/resource").asText())
        && "audited".equals(e.at("/objectRef/name").asText()) && "patch".equals(e.path("verb").asText())
        && DEV.equals(e.at("/impersonatedUser/username").asText()));
    assertEquals("Request", write.path("level").asText());
    assertEquals("registry.example/shop:audited", write.at("/requestObject/spec/image").asText());
    assertTrue(write.path("responseObject").isMissingNode());

    JsonNode read = awaitAuditEvent("the owner's read", e -> "environments".equals(e.at("/objectRef/resource").asText())
        && "audited".equals(e.at("/objectRef/name").asText()) && "get".equals(e.path("verb").asText())
        && OWNER.equals(e.at("/impersonatedUser/username").asText()));
    assertEquals("Metadata", read.path("level").asText());

    JsonNode secret = awaitAuditEvent("the read of a Secret", e -> "secrets".equals(e.at("/objectRef/resource").asText())
        && "hook".equals(e.at("/objectRef/name").asText()) && HOME.equals(e.at("/objectRef/namespace").asText()));
    assertEquals("Metadata", secret.path("level").asText());
    assertTrue(secret.path("requestObject").isMissingNode() && secret.path("responseObject").isMissingNode());
    assertFalse(Files.readString(ControlPlane.auditLog()).contains(SECRET), "a Secret's payload is never in the audit log");
  }

  private static JsonNode awaitAuditEvent(String what, Predicate<JsonNode> matches) {
    JsonNode[] found = new JsonNode[1];
    Poll.until(CONVERGE, what + " in the audit log", () -> {
      try {
        for (String line : Files.readAllLines(ControlPlane.auditLog())) {
          JsonNode event = JSON.readTree(line);
          if (matches.test(event)) {
            found[0] = event;
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return found[0];
  }
}
