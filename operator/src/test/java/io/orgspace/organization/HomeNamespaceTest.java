package io.orgspace.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationSpec;
import io.orgspace.api.SsoSpec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HomeNamespaceTest {

  private static Organization organization(String name) {
    Organization org = new Organization();
    org.setMetadata(new ObjectMetaBuilder().withName(name).withUid("uid-" + name).build());
    return org;
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
  }

  @Test
  void isNamedAfterTheOrganizationAndCarriesItsLabels() {
    Namespace desired = HomeNamespace.desired(organization("acme"));

    assertEquals("org-acme", desired.getMetadata().getName());
    assertEquals(Map.of("app.kubernetes.io/managed-by", "orgspace", "orgspace.io/organization", "acme",
        "orgspace.io/organization-uid", "uid-acme"), desired.getMetadata().getLabels());
    assertTrue(desired.getMetadata().getOwnerReferences().isEmpty());
  }

  @Test
  void carriesTheRequiredUserPrefixOnlyWhileSsoIsRequired() {
    Organization acme = organization("acme");
    acme.setSpec(new OrganizationSpec());
    acme.getSpec().sso = new SsoSpec();
    acme.getSpec().sso.userPrefix = "oidc:";
    assertEquals(Map.of(), HomeNamespace.desired(acme).getMetadata().getAnnotations(), "not required");

    acme.getSpec().sso.required = true;
    assertEquals(Map.of("orgspace.io/sso-required-user-prefix", "oidc:"),
        HomeNamespace.desired(acme).getMetadata().getAnnotations());

    acme.getSpec().sso.required = false;
    assertEquals(Map.of(), HomeNamespace.desired(acme).getMetadata().getAnnotations(), "switched off: removed by the apply");
  }

  @Test
  void adoptsOnlyNamespacesLabelledForTheSameOrganization() {
    Organization acme = organization("acme");

    assertTrue(HomeNamespace.isAdoptable(HomeNamespace.desired(acme), acme));
    assertFalse(HomeNamespace.isAdoptable(namespace("org-acme", Map.of()), acme));
    assertFalse(HomeNamespace.isAdoptable(HomeNamespace.desired(organization("other")), acme));
    assertFalse(HomeNamespace.isAdoptable(namespace("org-acme", Map.of("orgspace.io/organization", "acme")), acme),
        "without the managed-by label a namespace is someone else's");
  }

  @Test
  void mapsEveryNamespaceLabelledForTheOrganizationBackToIt() {
    HomeNamespaceDependent dependent = new HomeNamespaceDependent();

    assertEquals(Set.of(new ResourceID("acme")), dependent.toPrimaryResourceIDs(HomeNamespace.desired(organization("acme"))));
    assertEquals(Set.of(new ResourceID("acme")), dependent.toPrimaryResourceIDs(
        namespace("acme-shop-pr-1", Map.of("orgspace.io/organization", "acme"))));
    assertEquals(Set.of(), dependent.toPrimaryResourceIDs(namespace("org-acme", Map.of())));
  }

  @Test
  void aSuccessorTakesOverAPredecessorsNamespaceButNotAnotherLiveOrganizations() {
    Organization acme = organization("acme");
    Namespace predecessors = namespace("org-acme", Map.of("app.kubernetes.io/managed-by", "orgspace",
        "orgspace.io/organization", "acme", "orgspace.io/organization-uid", "uid-gone"));

    assertFalse(HomeNamespace.heldByAnother(predecessors, acme, uid -> false), "the recorded UID is of no live Organization");
    assertTrue(HomeNamespace.heldByAnother(predecessors, acme, "uid-gone"::equals), "it is of a live one");
    assertFalse(HomeNamespace.heldByAnother(HomeNamespace.desired(acme), acme, uid -> true), "its own");
    assertFalse(HomeNamespace.heldByAnother(namespace("org-acme", Map.of("app.kubernetes.io/managed-by", "orgspace",
        "orgspace.io/organization", "acme")), acme, uid -> true), "declared ahead of time, without a UID");
  }
}
