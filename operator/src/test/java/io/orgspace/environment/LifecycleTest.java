package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentStatus;
import io.orgspace.api.PreviewPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final Instant CREATED = Instant.parse(T0);

  private static Environment preview(String sha) {
    return Fixtures.environment("acme", "shop-pr-42", T0, "{project: shop, pullRequest: {number: 42, headSha: " + sha + "}}");
  }

  private static PreviewPolicy policy(String ttl, String hibernateAfter) {
    PreviewPolicy previews = new PreviewPolicy();
    previews.ttl = ttl;
    previews.hibernateAfter = hibernateAfter;
    return previews;
  }

  /** The environment as the operator leaves it after a reconcile: its status records the evaluation. */
  private static Environment recorded(Environment environment, Lifecycle lifecycle) {
    EnvironmentStatus status = new EnvironmentStatus();
    status.headSha = lifecycle.headSha();
    status.lastPushAt = lifecycle.lastPushAt().toString();
    status.hibernatedAt = lifecycle.hibernated() ? lifecycle.hibernatedAt().toString() : null;
    environment.setStatus(status);
    return environment;
  }

  @Test
  void aPreviewExpiresTtlAfterItsCreationUntilItsFirstPush() {
    Lifecycle lifecycle = Lifecycle.of(preview("aaaaaaa"), policy("24h", null), CREATED.plusSeconds(5));
    assertEquals(CREATED, lifecycle.lastPushAt());
    assertEquals(CREATED.plus(Duration.ofHours(24)), lifecycle.expiresAt());
    assertEquals(lifecycle.expiresAt(), lifecycle.nextChange());
  }

  @Test
  void aNewHeadShaExtendsTheTtlFromWhenItWasSeen() {
    Lifecycle first = Lifecycle.of(preview("aaaaaaa"), policy("24h", null), CREATED.plusSeconds(5));
    Instant push = CREATED.plus(Duration.ofHours(20));
    Environment pushed = recorded(preview("bbbbbbb"), first);
    Lifecycle afterPush = Lifecycle.of(pushed, policy("24h", null), push);
    assertEquals(push, afterPush.lastPushAt());
    assertEquals(push.plus(Duration.ofHours(24)), afterPush.expiresAt());
    // Later reconciles keep the recorded push: the clock alone extends nothing.
    Lifecycle later = Lifecycle.of(recorded(preview("bbbbbbb"), afterPush), policy("24h", null), push.plusSeconds(3600));
    assertEquals(push.plus(Duration.ofHours(24)), later.expiresAt());
  }

  @Test
  void aNamedEnvironmentLivesUntilDeletedUnlessItSetsAnExpiry() {
    Environment named = Fixtures.environment("acme", "staging", T0, "{project: shop, image: x}");
    Lifecycle forever = Lifecycle.of(named, policy("1h", "1h"), CREATED.plus(Duration.ofDays(400)));
    assertNull(forever.expiresAt());
    assertNull(forever.nextChange());
    assertFalse(forever.hibernated(), "only pull request previews hibernate");
    Environment dated = Fixtures.environment("acme", "demo", T0, "{project: shop, image: x, expiresAt: \"2026-03-01T00:00:00Z\"}");
    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), Lifecycle.of(dated, policy("1h", null), CREATED).expiresAt());
  }

  @Test
  void anIdlePreviewHibernatesAndAPushWakesIt() {
    PreviewPolicy previews = policy("168h", "2h");
    Lifecycle awake = Lifecycle.of(preview("aaaaaaa"), previews, CREATED.plus(Duration.ofMinutes(119)));
    assertFalse(awake.hibernated());
    assertEquals(CREATED.plus(Duration.ofHours(2)), awake.nextChange(), "wakes itself up to hibernate");

    Lifecycle asleep = Lifecycle.of(recorded(preview("aaaaaaa"), awake), previews, CREATED.plus(Duration.ofHours(5)));
    assertTrue(asleep.hibernated());
    assertEquals(CREATED.plus(Duration.ofHours(2)), asleep.hibernatedAt(), "since the idle period ended");
    assertEquals(asleep.expiresAt(), asleep.nextChange());

    Instant push = CREATED.plus(Duration.ofHours(6));
    Lifecycle woken = Lifecycle.of(recorded(preview("bbbbbbb"), asleep), previews, push);
    assertFalse(woken.hibernated());
    assertEquals(push.plus(Duration.ofHours(2)), woken.nextChange());
  }

  @Test
  void aHibernatedPreviewSetsNoReplicasAndReportsItself() {
    Environment environment = Fixtures.environment("acme", "shop-pr-42", T0,
        "{project: shop, pullRequest: {number: 42, headSha: aaaaaaa}, image: x, replicas: 3}");
    var acme = Fixtures.organization("acme", T0, "acme.example");
    var project = Fixtures.project("acme", "{repository: {provider: github, url: \"https://github.com/acme/shop\"},"
        + " previews: {hibernateAfter: 1m}}");
    EnvironmentPlan asleep = EnvironmentPlan.of(environment, acme, project, java.util.List.of(acme), java.util.List.of(),
        RoutingSupport.NONE, io.orgspace.runtime.PreviewSettings.fromEnvironment(java.util.Map.of()), ForeignRoutes.NONE,
        CREATED.plus(Duration.ofMinutes(2)));
    assertEquals(0, EnvironmentObjects.deployment(asleep).getSpec().getReplicas());
    EnvironmentPlan awake = EnvironmentPlan.of(environment, acme, project, java.util.List.of(acme), java.util.List.of(),
        RoutingSupport.NONE, io.orgspace.runtime.PreviewSettings.fromEnvironment(java.util.Map.of()), ForeignRoutes.NONE,
        CREATED.plusSeconds(30));
    assertEquals(3, EnvironmentObjects.deployment(awake).getSpec().getReplicas());
  }
}
