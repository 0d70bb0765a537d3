package io.orgspace.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.access.ApiKeyPlan;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.testing.TestOrganization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyPlanTest {
  private static final Organization ACME = TestOrganization.named("acme").owner("alice@acme.example").build();

  private static ApiKey key(String name, String spec) {
    return Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: ApiKey
        metadata: {name: %s, namespace: org-acme}
        spec: %s
        """.formatted(name, spec), ApiKey.class);
  }

  @Test
  void anUnreadableKeyHoldsNothingAndBlocksNoOtherKey() {
    ApiKey broken = key("broken", "{scope: Owner, expiresAt: \"2026-02-30T00:00:00Z\"}");
    ApiKey good = key("ci", "{scope: Developer, lifetime: 1h}");

    ApiKeyPlan plan = ApiKeyPlan.of(broken, ACME, Instant.parse("2026-01-01T00:00:00Z"));
    assertFalse(plan.active());
    assertEquals("InvalidSpec", plan.problem().reason());

    var holders = OrganizationAccess.holders(ACME, List.of(), List.of(broken, good), Instant.parse("2026-01-01T00:00:00Z"));
    assertTrue(holders.get(Role.Owner).stream().noneMatch(s -> s.name().equals("apikey-broken")));
    assertTrue(holders.get(Role.Developer).stream().anyMatch(s -> s.name().equals("apikey-ci")),
        "the organization's other keys still get their bindings");
  }
}
