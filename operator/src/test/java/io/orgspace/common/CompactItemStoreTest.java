package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.orgspace.api.Labels;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Two role bindings as the API server sends them: equal in all but name and uid. */
  private static RoleBinding read(String name) {
    return JSON.unmarshal("""
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": "%s", "namespace": "env-acme-shop-pr-7", "uid": "%s", "resourceVersion": "42",
                      "labels": {"app.kubernetes.io/managed-by": "orgspace", "orgspace.io/organization": "acme"}},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "orgspace-developer"},
         "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ada@acme.example"}]}
        """.formatted(name, java.util.UUID.randomUUID()), RoleBinding.class);
  }

  @Test
  void equalPartsOfDifferentObjectsAreKeptOnceAndTheObjectsReadTheSame() {
    RoleBinding first = read("developer");
    RoleBinding second = read("manager");
    String before = JSON.asJson(first);
    CompactItemStore.compact(first);
    CompactItemStore.compact(second);
    assertSame(first.getMetadata().getNamespace(), second.getMetadata().getNamespace());
    assertSame(first.getMetadata().getLabels().get(Labels.ORGANIZATION), second.getMetadata().getLabels().get(Labels.ORGANIZATION));
    assertSame(first.getSubjects().get(0).getName(), second.getSubjects().get(0).getName());
    assertSame(first.getRoleRef().getAdditionalProperties(), second.getSubjects().get(0).getAdditionalProperties());
    assertEquals(before, JSON.asJson(first));
  }

  @Test
  void aCachedPodKeepsWhatARolloutIsJudgedByButNotItsSpec() {
    Pod pod = JSON.unmarshal("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "app-1", "namespace": "env-acme-shop-pr-7", "labels": {"orgspace.io/environment": "shop-pr-7"}},
         "spec": {"containers": [{"name": "app", "image": "registry.example/app:a1b2c3d"}]},
         "status": {"containerStatuses": [{"name": "app", "ready": false,
                    "state": {"waiting": {"reason": "ImagePullBackOff", "message": "not found"}}}]}}
        """, Pod.class);
    var store = new CompactItemStore<Pod>(CompactItemStore::withoutSpec);
    store.put(store.getKey(pod), pod);
    Pod cached = store.get("env-acme-shop-pr-7/app-1");
    assertNull(cached.getSpec());
    assertEquals("shop-pr-7", cached.getMetadata().getLabels().get("orgspace.io/environment"));
    assertEquals("ImagePullBackOff", cached.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
  }
}
