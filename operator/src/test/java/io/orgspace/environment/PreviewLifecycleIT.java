package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A preview's life counts from its last push, a named environment's has no end, and an idle
 * preview sleeps at zero replicas until the next push: on the real API server, the push made by a
 * Developer as the webhook makes it (a new head SHA on the Environment).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreviewLifecycleIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  /** The shortest idle period the schema takes. */
  private static final String HIBERNATE_AFTER = "1m";
  private static final Duration TTL = Duration.ofHours(1);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "life-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String DEVELOPER = "dev@" + ORG + ".example";
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("preview-lifecycle-it", Map.of()).awaitReady();
    TestOrganization.named(ORG).owner().domain().create(admin).awaitHome(CONVERGE);
    TestMembership.create(admin, HOME, "dev", DEVELOPER, Role.Developer);
    Project project = TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/shop")
        .previewImage("registry.example/shop:{{sha}}").previewPort(8080).build();
    project.getSpec().previews.ttl = TTL.toHours() + "h";
    project.getSpec().previews.hibernateAfter = HIBERNATE_AFTER;
    admin.resource(project).create();
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: shop-pr-9, namespace: %1$s}
        spec: {project: shop, pullRequest: {number: 9, headSha: aaaaaaa, branch: feature/sleep}}
        """.formatted(HOME))).create();
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: staging, namespace: %1$s}
        spec: {project: shop, image: "registry.example/shop:stable"}
        """.formatted(HOME))).create();
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  @Test
  @Order(1)
  void aPushExtendsThePreviewsExpiryAndANamedEnvironmentHasNone() {
    Environment before = await("shop-pr-9", e -> e.getStatus().expiresAt != null && e.getStatus().lastPushAt != null);
    Instant firstPush = Instant.parse(before.getStatus().lastPushAt);
    assertEquals(firstPush.plus(TTL), Instant.parse(before.getStatus().expiresAt), "the ttl counts from the push");

    push("bbbbbbb");
    Environment after = await("shop-pr-9", e -> "bbbbbbb".equals(e.getStatus().headSha));
    Instant secondPush = Instant.parse(after.getStatus().lastPushAt);
    assertTrue(secondPush.isAfter(firstPush), before.getStatus().lastPushAt + " then " + after.getStatus().lastPushAt);
    assertEquals(secondPush.plus(TTL), Instant.parse(after.getStatus().expiresAt), "the push extended the expiry");

    Environment staging = await("staging", e -> e.getStatus().namespace != null);
    assertNull(staging.getStatus().expiresAt, "a named environment lives until deleted");
    assertNull(staging.getStatus().hibernatedAt);
  }

  @Test
  @Order(2)
  void anIdlePreviewScalesToZeroAndTheNextPushWakesIt() {
    Environment asleep = await("shop-pr-9", e -> e.getStatus().hibernatedAt != null);
    assertEquals(Instant.parse(asleep.getStatus().lastPushAt).plus(Duration.ofMinutes(1)),
        Instant.parse(asleep.getStatus().hibernatedAt), "asleep since the idle period ended");
    Condition hibernated = Conditions.find(asleep.getStatus().conditions, "Hibernated");
    assertEquals(Condition.TRUE, hibernated.status, String.valueOf(asleep.getStatus().conditions));
    assertEquals("Hibernated", Conditions.find(asleep.getStatus().conditions, "Ready").reason);
    String namespace = asleep.getStatus().namespace;
    Poll.until(CONVERGE, "the Deployment at zero replicas", () -> replicas(namespace) == 0);

    push("ccccccc");
    Environment awake = await("shop-pr-9", e -> e.getStatus().hibernatedAt == null);
    assertEquals("ccccccc", awake.getStatus().headSha);
    assertEquals(Condition.FALSE, Conditions.find(awake.getStatus().conditions, "Hibernated").status);
    Poll.until(CONVERGE, "the Deployment back at one replica", () -> replicas(namespace) == 1);
    assertTrue(admin.apps().deployments().inNamespace(namespace).withName(EnvironmentObjects.APP).get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":ccccccc"));
    assertNull(Conditions.find(await("staging", e -> true).getStatus().conditions, "Hibernated"),
        "a named environment never hibernates");
  }

  /** A push as the webhook delivers it: a new head SHA, written here by a Developer. */
  private static void push(String sha) {
    try (KubernetesClient developer = ControlPlane.as(DEVELOPER)) {
      developer.resources(Environment.class).inNamespace(HOME).withName("shop-pr-9").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"pullRequest\":{\"headSha\":\"" + sha + "\"}}}");
    }
  }

  private static int replicas(String namespace) {
    Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName(EnvironmentObjects.APP).get();
    return deployment == null ? -1 : deployment.getSpec().getReplicas();
  }

  private static Environment await(String name, java.util.function.Predicate<Environment> condition) {
    Environment[] found = new Environment[1];
    Poll.until(Duration.ofMinutes(3), name + " status", () -> {
      found[0] = admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
      return found[0] != null && found[0].getStatus() != null && condition.test(found[0]);
    });
    assertNotNull(found[0]);
    return found[0];
  }
}
