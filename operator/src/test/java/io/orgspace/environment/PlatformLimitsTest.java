package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationLimits;
import io.orgspace.runtime.PreviewSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformLimitsTest {
  private static final PreviewSettings DEFAULTS = PreviewSettings.fromEnvironment(Map.of());

  @Test
  void theOperatorsDefaultsApplyWhereTheOrganizationSetsNoLimit() {
    PlatformLimits limits = PlatformLimits.of(Fixtures.organization("acme", "2026-01-01T00:00:00Z", "acme.example"), DEFAULTS);

    assertEquals(PreviewSettings.DEFAULT_MAX_ENVIRONMENTS, limits.maxEnvironments());
    assertEquals(PreviewSettings.DEFAULT_MAX_QUOTA, limits.maxQuota());
    assertFalse(limits.allowIsolationRelaxed());
  }

  @Test
  void aQuotaAboveTheMaximumIsCappedAndAMissingResourceGetsTheMaximum() {
    Organization acme = Fixtures.organization("acme", "2026-01-01T00:00:00Z", "acme.example");
    acme.getSpec().limits = new OrganizationLimits();
    acme.getSpec().limits.maxQuota = Map.of("requests.cpu", "2", "requests.memory", "4Gi", "pods", "10");
    acme.getSpec().limits.allowIsolationRelaxed = true;
    PlatformLimits limits = PlatformLimits.of(acme, DEFAULTS);
    Map<String, String> asked = Map.of("requests.cpu", "64", "requests.memory", "512Mi", "services", "5");

    assertEquals(Map.of("requests.cpu", "2", "requests.memory", "512Mi", "pods", "10", "services", "5"), limits.cap(asked));
    assertEquals(List.of("requests.cpu=64 (maximum 2)"), limits.excess(asked));
    assertEquals(PreviewSettings.DEFAULT_MAX_ENVIRONMENTS, limits.maxEnvironments(), "left out: the operator's");
    assertTrue(limits.allowIsolationRelaxed());
  }

  @Test
  void theNewestEnvironmentsBeyondTheLimitAreRefusedAndOnesWithANamespaceKeepIt() {
    var first = Fixtures.environment("acme", "first", "2026-01-01T00:00:00Z", "{project: shop, image: x}");
    var second = Fixtures.environment("acme", "second", "2026-01-02T00:00:00Z", "{project: shop, image: x}");
    var elsewhere = Fixtures.environment("other", "x", "2025-01-01T00:00:00Z", "{project: shop, image: x}");
    List<io.orgspace.api.Environment> all = List.of(first, second, elsewhere);

    assertEquals(null, EnvironmentPlan.environmentLimitProblem(first, "acme-shop-first", EnvironmentIndex.of(all), 1));
    var refused = EnvironmentPlan.environmentLimitProblem(second, "acme-shop-second", EnvironmentIndex.of(all), 1);
    assertEquals("LimitExceeded", refused.reason());
    assertTrue(refused.blocksWorkload());
    second.setStatus(new io.orgspace.api.EnvironmentStatus());
    second.getStatus().namespace = "acme-shop-second";
    assertEquals(null, EnvironmentPlan.environmentLimitProblem(second, "acme-shop-second", EnvironmentIndex.of(all), 1), "kept: it has its namespace");
  }
}
