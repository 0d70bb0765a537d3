package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.orgspace.api.Organization;
import org.junit.jupiter.api.Test;

/** Which changes of an Organization reconcile its environments. */
class OrganizationEventsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Organization before() {
    Organization org = Fixtures.organization("acme", "2026-11-01T10:00:00Z", "acme.example");
    org.getMetadata().setGeneration(3L);
    org.getStatus().namespaceCount = 40;
    return org;
  }

  private static Organization copy(Organization org) {
    return JSON.clone(org);
  }

  @Test
  void aStatusThatOnlyCountsNamespacesWakesNoEnvironment() {
    Organization updated = copy(before());
    updated.getStatus().namespaceCount = 41;
    updated.getStatus().memberCount = 7;
    assertFalse(EnvironmentReconciler.organizationChangeConcernsEnvironments(updated, before()));
  }

  @Test
  void aSpecChangeWakesThem() {
    Organization updated = copy(before());
    updated.getMetadata().setGeneration(4L);
    assertTrue(EnvironmentReconciler.organizationChangeConcernsEnvironments(updated, before()));
  }

  @Test
  void aNewlyRecordedDomainClaimWakesThem() {
    Organization updated = Fixtures.claimed(copy(before()), "2026-11-02T10:00:00Z", "shop.example");
    updated.getMetadata().setGeneration(3L); // recorded by the operator: the status only
    assertTrue(EnvironmentReconciler.organizationChangeConcernsEnvironments(updated, before()));
  }

  @Test
  void theOrganizationsDeletionWakesThem() {
    Organization updated = copy(before());
    updated.getMetadata().setDeletionTimestamp("2026-11-03T10:00:00Z");
    assertTrue(EnvironmentReconciler.organizationChangeConcernsEnvironments(updated, before()));
  }
}
