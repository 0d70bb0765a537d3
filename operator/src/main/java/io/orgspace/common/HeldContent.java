package io.orgspace.common;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cheap "nothing to write" for the objects an Organization keeps in each of its namespaces
 * (trust bundles, Secret-reader Roles, certificate Secrets): the stored object already holds every
 * label, annotation and owner reference of the desired one and the same content. Only when it does
 * not does the server-side-apply matcher, which serialises both objects to compare them, decide. A
 * label Orgspace stopped writing stays on an object that otherwise matches until its next write.
 * Role bindings are left to the server-side-apply matcher.
 */
public final class HeldContent {
  private HeldContent() {}

  /**
   * Held, and owned by {@code owner}: the desired object carries no owner reference yet (the
   * dependent adds it only inside the server-side-apply match), so the owner is checked here.
   */
  public static boolean held(HasMetadata actual, HasMetadata desired, HasMetadata owner) {
    Object wanted = content(desired);
    if (wanted == null || actual == null || !wanted.equals(content(actual))) {
      return false;
    }
    return contains(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && actual.getMetadata().getOwnerReferences() != null
        && actual.getMetadata().getOwnerReferences().stream()
            .anyMatch(reference -> Objects.equals(reference.getUid(), owner.getMetadata().getUid()));
  }

  /** What the object says beyond its metadata; null for a kind this does not know (never held). */
  static Object content(HasMetadata object) {
    if (object instanceof Role role) {
      return orEmpty(role.getRules());
    }
    if (object instanceof ConfigMap configMap) {
      return Arrays.asList(orEmpty(configMap.getData()), orEmpty(configMap.getBinaryData()));
    }
    if (object instanceof Secret secret && (secret.getStringData() == null || secret.getStringData().isEmpty())) {
      return Arrays.asList(orEmpty(secret.getData()), secret.getType());
    }
    return null;
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> desired) {
    if (desired == null || desired.isEmpty()) {
      return true;
    }
    return actual != null && desired.entrySet().stream()
        .allMatch(entry -> Objects.equals(actual.get(entry.getKey()), entry.getValue()));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
