package io.orgspace.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.orgspace.api.Organization;
import org.junit.jupiter.api.Test;

class OrganizationNamesTest {
  @Test
  void theLongestAllowedNameStillMakesAValidNamespaceName() {
    String longest = "a".repeat(Organization.MAX_NAME_LENGTH);
    assertEquals(63, Organization.homeNamespace(longest).length());
  }

  @Test
  void homeNamespacesMapBackToTheirOrganization() {
    assertEquals("acme", Organization.fromHomeNamespace("org-acme"));
    assertNull(Organization.fromHomeNamespace("kube-system"));
  }
}
