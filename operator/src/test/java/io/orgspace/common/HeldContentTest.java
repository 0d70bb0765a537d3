package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldContentTest {
  private static RoleBindingBuilder developers(String... users) {
    var builder = new RoleBindingBuilder().withNewMetadata().withName("orgspace-developer").withNamespace("env-a")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace")).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "orgspace-acme-developer");
    for (String user : users) {
      builder.addNewSubject("rbac.authorization.k8s.io", "User", user, null);
    }
    return builder;
  }

  /** As the API server returns it: more labels, annotations, and the organization as owner. */
  private static RoleBinding stored(String... users) {
    return developers(users).editMetadata().addToLabels("kept-by", "someone-else")
        .addToAnnotations("note", "x").addNewOwnerReference().withUid("org-uid").withKind("Organization")
        .withName("acme").withApiVersion("orgspace.io/v1alpha1").endOwnerReference().endMetadata().build();
  }

  private static final io.fabric8.kubernetes.api.model.HasMetadata ORGANIZATION =
      new ConfigMapBuilder().withNewMetadata().withName("acme").withUid("org-uid").endMetadata().build();

  @Test
  void aBindingWithTheSameSubjectsAndLabelsNeedsNoWrite() {
    assertTrue(HeldContent.held(stored("ann", "bob"), developers("ann", "bob").build(), ORGANIZATION));
  }

  @Test
  void aChangedSubjectListALabelOrTheOwnerIsNotHeld() {
    assertFalse(HeldContent.held(stored("ann"), developers("ann", "bob").build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("bob", "ann"), developers("ann", "bob").build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("ann"), developers("ann").editMetadata().addToLabels("orgspace.io/role", "developer")
        .endMetadata().build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("ann"), developers("ann").build(),
        new ConfigMapBuilder().withNewMetadata().withName("acme").withUid("another-uid").endMetadata().build()));
  }

  @Test
  void configMapDataIsCompared() {
    var desired = new ConfigMapBuilder().withNewMetadata().withName("orgspace-ssh-trust").endMetadata()
        .withData(Map.of("ca.pub", "ssh-ed25519 AAAA")).build();
    var same = new ConfigMapBuilder(desired).build();
    var rotated = new ConfigMapBuilder(desired).withData(Map.of("ca.pub", "ssh-ed25519 BBBB")).build();
    assertTrue(HeldContent.held(same, desired));
    assertFalse(HeldContent.held(rotated, desired));
  }

  @Test
  void aKindItDoesNotKnowIsLeftToTheServerSideApplyMatcher() {
    var service = new ServiceBuilder().withNewMetadata().withName("app").endMetadata().build();
    assertFalse(HeldContent.held(service, new ServiceBuilder(service).build()));
  }
}
