package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldContentTest {
  private static final HasMetadata ORGANIZATION =
      new ConfigMapBuilder().withNewMetadata().withName("acme").withUid("org-uid").endMetadata().build();

  private static RoleBuilder secretReader(String... secrets) {
    return new RoleBuilder().withNewMetadata().withName("orgspace-credentials").withNamespace("org-acme")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace")).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").withResourceNames(secrets).endRule();
  }

  /** As the API server returns it: more labels, annotations, and the organization as owner. */
  private static Role stored(String... secrets) {
    return secretReader(secrets).editMetadata().addToLabels("kept-by", "someone-else")
        .addToAnnotations("note", "x").addNewOwnerReference().withUid("org-uid").withKind("Organization")
        .withName("acme").withApiVersion("orgspace.io/v1alpha1").endOwnerReference().endMetadata().build();
  }

  @Test
  void aRoleWithTheSameRulesAndLabelsNeedsNoWrite() {
    assertTrue(HeldContent.held(stored("a", "b"), secretReader("a", "b").build(), ORGANIZATION));
  }

  @Test
  void changedRulesALabelOrTheOwnerIsNotHeld() {
    assertFalse(HeldContent.held(stored("a"), secretReader("a", "b").build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("b", "a"), secretReader("a", "b").build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("a"), secretReader("a").editMetadata().addToLabels("orgspace.io/role", "x")
        .endMetadata().build(), ORGANIZATION));
    assertFalse(HeldContent.held(stored("a"), secretReader("a").build(),
        new ConfigMapBuilder().withNewMetadata().withName("acme").withUid("another-uid").endMetadata().build()));
  }

  @Test
  void configMapDataIsCompared() {
    ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("orgspace-ssh-trust").endMetadata()
        .withData(Map.of("ca.pub", "ssh-ed25519 AAAA")).build();
    ConfigMap same = new ConfigMapBuilder(desired).editMetadata().addNewOwnerReference().withUid("org-uid")
        .endOwnerReference().endMetadata().build();
    ConfigMap rotated = new ConfigMapBuilder(same).withData(Map.of("ca.pub", "ssh-ed25519 BBBB")).build();
    assertTrue(HeldContent.held(same, desired, ORGANIZATION));
    assertFalse(HeldContent.held(rotated, desired, ORGANIZATION));
  }

  @Test
  void aKindItDoesNotKnowIsLeftToTheServerSideApplyMatcher() {
    var service = new ServiceBuilder().withNewMetadata().withName("app").addNewOwnerReference().withUid("org-uid")
        .endOwnerReference().endMetadata().build();
    assertFalse(HeldContent.held(service, new ServiceBuilder(service).build(), ORGANIZATION));
  }
}
