package io.orgspace.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Condition;
import io.orgspace.api.DomainHold;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationStatus;
import io.orgspace.testing.TestOrganization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainClaimsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static Organization organization(String name, String created, String... holds) {
    List<String> domains = new ArrayList<>();
    OrganizationStatus status = new OrganizationStatus();
    status.domains = new ArrayList<>();
    for (int i = 0; i < holds.length; i += 2) {
      domains.add(holds[i]);
      if (holds[i + 1] != null) {
        status.domains.add(new DomainHold(holds[i], holds[i + 1], true));
      }
    }
    Organization org = TestOrganization.named(name).domains(domains.toArray(String[]::new)).build();
    org.getMetadata().setCreationTimestamp(created);
    org.setStatus(status);
    return org;
  }

  @Test
  void aNewClaimIsRecordedNowAndAnOldOneKeepsItsTime() {
    Organization acme = organization("acme", "2026-01-01T00:00:00Z",
        "acme.example", "2026-01-01T00:00:01Z", "shop.example", null);
    DomainClaims claims = DomainClaims.of(acme, List.of(acme), NOW);

    assertEquals(List.of(new DomainHold("acme.example", "2026-01-01T00:00:01Z", true),
        new DomainHold("shop.example", NOW.toString(), true)), claims.holds());
    assertEquals(Condition.TRUE, claims.condition(1).status);
  }

  @Test
  void anOrganizationCreatedWithItsDomainsClaimsThemWhenCreatedNotWhenTheOperatorFirstLooks() {
    Organization first = organization("zeta", "2026-11-30T11:00:00Z", "zeta.example", null);
    first.getMetadata().setGeneration(1L);
    Organization second = organization("alpha", "2026-11-30T11:00:05Z", "shop.zeta.example", null);
    second.getMetadata().setGeneration(1L);

    // The operator happens to look at the second one first, and records its claim.
    DomainClaims secondClaims = DomainClaims.of(second, List.of(first, second), NOW);
    assertEquals("2026-11-30T11:00:05Z", secondClaims.holds().get(0).heldSince);
    second.getStatus().domains = secondClaims.holds();
    DomainClaims firstClaims = DomainClaims.of(first, List.of(first, second), NOW.plusMillis(3));
    assertEquals("2026-11-30T11:00:00Z", firstClaims.holds().get(0).heldSince);
    assertTrue(firstClaims.refused().isEmpty(), "made first, it holds its domain");
    first.getStatus().domains = firstClaims.holds();
    assertEquals(List.of("shop.zeta.example"), DomainClaims.of(second, List.of(first, second), NOW).refused());

    second.getMetadata().setGeneration(2L);
    second.getStatus().domains = List.of();
    assertEquals(NOW.toString(), DomainClaims.of(second, List.of(first, second), NOW).holds().get(0).heldSince,
        "a domain added by a change is claimed when first seen");
  }

  @Test
  void anOlderOrganizationClaimingAHeldOrOverlappingDomainIsRefusedWithoutNamingTheHolder() {
    Organization holder = organization("bshop", "2026-06-01T00:00:00Z", "shop.b.example", "2026-06-01T00:00:01Z");
    for (String claimed : List.of("shop.b.example", "b.example", "api.shop.b.example")) {
      Organization older = organization("aaa", "2020-01-01T00:00:00Z", claimed, null);
      DomainClaims claims = DomainClaims.of(older, List.of(older, holder), NOW);

      assertEquals(List.of(claimed), claims.refused(), claimed);
      Condition condition = claims.condition(1);
      assertEquals("DomainHeld", condition.reason);
      assertTrue(condition.message.contains("held by another organization"));
      assertFalse(condition.message.contains("bshop"));
      assertTrue(DomainClaims.of(holder, List.of(older, holder), NOW).refused().isEmpty(), "the holder keeps it");
    }
  }

  @Test
  void aRefusedClaimKeepsItsPlaceAndIsGrantedWhenTheHolderLetsGo() {
    Organization waiting = organization("waiting", "2020-01-01T00:00:00Z", "shop.example", "2026-07-01T00:00:00Z");
    Organization holder = organization("holder", "2026-01-01T00:00:00Z", "shop.example", "2026-06-01T00:00:00Z");
    assertEquals(List.of("shop.example"), DomainClaims.of(waiting, List.of(waiting, holder), NOW).refused());

    holder.getSpec().domains = List.of();
    DomainClaims after = DomainClaims.of(waiting, List.of(waiting, holder), NOW);
    assertTrue(after.refused().isEmpty());
    assertEquals("2026-07-01T00:00:00Z", after.holds().get(0).heldSince);
  }
}
