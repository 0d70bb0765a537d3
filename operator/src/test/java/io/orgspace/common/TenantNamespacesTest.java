package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.TenantNamespaces;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantNamespacesTest {
  private static Organization organization(String name, String uid) {
    Organization org = new Organization();
    org.setMetadata(new ObjectMetaBuilder().withName(name).withUid(uid).build());
    return org;
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
  }

  @Test
  void anEnvironmentNamespaceNeverSpellsAHomeNamespace() {
    // Organization "org", project "p", environment "victim" once made org-p-victim: organization p-victim's home.
    String environment = TenantNamespaces.environment("org", "p", "victim");
    assertNotEquals(TenantNamespaces.home("p-victim"), environment);
    assertTrue(environment.startsWith(TenantNamespaces.ENVIRONMENT_PREFIX), environment);
    assertNull(TenantNamespaces.claimedOrganization(environment), "no environment namespace claims an organization");
    for (String[] tuple : List.of(new String[] {"org", "p-victim", "x"}, new String[] {"org-p", "victim", "pr-1"},
        new String[] {"o", "rg-p", "victim"})) {
      assertFalse(TenantNamespaces.environment(tuple[0], tuple[1], tuple[2]).startsWith(TenantNamespaces.HOME_PREFIX));
    }
  }

  @Test
  void tuplesThatReadTheSameGetDifferentNamespaces() {
    assertNotEquals(TenantNamespaces.environment("a-b", "c", "pr-1"), TenantNamespaces.environment("a", "b-c", "pr-1"));
    assertNotEquals(TenantNamespaces.environment("a", "b", "c-pr-1"), TenantNamespaces.environment("a", "b-c", "pr-1"));
    // A name chosen to end like another tuple's namespace still gets a hash of its own tuple.
    String target = TenantNamespaces.environment("a-b", "c", "d");
    String forged = target.substring(TenantNamespaces.ENVIRONMENT_PREFIX.length() + "a-b-".length());
    assertNotEquals(target, TenantNamespaces.environment("a", "b", forged));
    assertNotEquals(TenantNamespaces.environment("a", "b", "v1.2"), TenantNamespaces.environment("a", "b", "v1-2"));
  }

  @Test
  void namesAreReadableValidAndStable() {
    String name = TenantNamespaces.environment("acme", "shop", "pr-42");
    assertEquals("env-acme-shop-pr-42-" + Names.hash("acme/shop/pr-42", 8), name);
    String longest = TenantNamespaces.environment("a".repeat(59), "b".repeat(63), "C.".repeat(100));
    assertEquals(63, longest.length());
    assertTrue(longest.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), longest);
  }

  @Test
  void aNamespaceIsAnOrganizationsOnlyWithItsLabelsAndUid() {
    Organization acme = organization("acme", "uid-1");
    Map<String, String> named = Map.of("app.kubernetes.io/managed-by", "orgspace", "orgspace.io/organization", "acme");

    assertNull(TenantNamespaces.verify(namespace("org-acme", TenantNamespaces.labels(acme)), acme));
    assertNotNull(TenantNamespaces.verify(namespace("org-acme", named), acme), "labelled, without the UID");
    assertNotNull(TenantNamespaces.verify(namespace("org-acme", TenantNamespaces.labels(organization("acme", "uid-0"))), acme),
        "a predecessor's UID");
    assertNotNull(TenantNamespaces.verify(namespace("org-acme", Map.of()), acme));
    assertNotNull(TenantNamespaces.verify(null, acme));
    assertNotNull(TenantNamespaces.verify(namespace("org-acme", TenantNamespaces.labels(acme)), null));
  }

  @Test
  void onlyWhatOrgspaceMadeForTheOwnerIsItsOwn() {
    Organization owner = organization("acme", "uid-1");
    ConfigMap made = new ConfigMapBuilder().withNewMetadata().withName("x")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace"))
        .addNewOwnerReference().withUid("uid-1").withName("acme").endOwnerReference().endMetadata().build();
    ConfigMap unlabelled = new ConfigMapBuilder(made).editMetadata().withLabels(Map.of()).endMetadata().build();
    ConfigMap ownerless = new ConfigMapBuilder(made).editMetadata().withOwnerReferences(List.of()).endMetadata().build();

    assertTrue(Provenance.madeFor(made, owner));
    assertFalse(Provenance.madeFor(unlabelled, owner));
    assertFalse(Provenance.madeFor(ownerless, owner));
    assertFalse(Provenance.madeFor(made, organization("acme", "uid-2")), "another owner of the same name");
  }
}
