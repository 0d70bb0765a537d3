package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactItemStoreTest {
  private static ConfigMap storedAfterAnUpdateByKubectl() {
    return new ConfigMapBuilder()
        .withNewMetadata().withName("files").withNamespace("org-acme-shop-pr-7")
        .withAnnotations(Map.of(
            "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"a\":\"1\"}}",
            "team", "shop"))
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").withOperation("Update").build(),
            new ManagedFieldsEntryBuilder().withManager(FieldManager.NAME).withOperation("Apply").build(),
            new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply").withOperation("Update").build())
        .endMetadata()
        .withData(Map.of("a", "1"))
        .build();
  }

  @Test
  void keepsOnlyTheOperatorsOwnFieldsEntryForServerSideApplyMatching() {
    ObjectMeta metadata = CompactItemStore.compact(storedAfterAnUpdateByKubectl()).getMetadata();
    assertEquals(1, metadata.getManagedFields().size());
    assertEquals(FieldManager.NAME, metadata.getManagedFields().get(0).getManager());
  }

  @Test
  void dropsKubectlsCopyOfTheObjectButNoOtherAnnotation() {
    ConfigMap compacted = CompactItemStore.compact(storedAfterAnUpdateByKubectl());
    assertEquals(Map.of("team", "shop"), compacted.getMetadata().getAnnotations());
    assertEquals(Map.of("a", "1"), compacted.getData());
  }

  @Test
  void equalFieldSetsOfDifferentObjectsAreKeptOnce() {
    ConfigMap first = CompactItemStore.compact(withOwnFields("first"));
    ConfigMap second = CompactItemStore.compact(withOwnFields("second"));
    assertSame(first.getMetadata().getManagedFields().get(0).getFieldsV1(),
        second.getMetadata().getManagedFields().get(0).getFieldsV1());
    assertEquals(Map.of("f:data", Map.of("f:a", Map.of())),
        second.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties());
  }

  private static ConfigMap withOwnFields(String name) {
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:data", new java.util.LinkedHashMap<>(Map.of("f:a", Map.of())));
    return new ConfigMapBuilder().withNewMetadata().withName(name)
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager(FieldManager.NAME).withOperation("Apply")
            .withFieldsV1(fields).build())
        .endMetadata().build();
  }

  @Test
  void anObjectNoOneElseWroteComesThroughAsItIs() {
    ConfigMap plain = new ConfigMapBuilder().withNewMetadata().withName("plain").endMetadata().build();
    ConfigMap compacted = CompactItemStore.compact(plain);
    assertSame(plain, compacted);
    assertTrue(compacted.getMetadata().getManagedFields() == null
        || compacted.getMetadata().getManagedFields().isEmpty());
  }
}
