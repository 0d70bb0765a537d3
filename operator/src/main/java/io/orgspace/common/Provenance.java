package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Labels;
import java.util.Map;

/**
 * Whether an object is one Orgspace made, decided from the object itself (as the informer cache
 * or the API server has it): the operator writes over, adopts, deletes or grants only such
 * objects. Something else of the same name is a {@link ForeignObject}: reported, never touched.
 */
public final class Provenance {
  /** The reason of the condition reporting a {@link ForeignObject}. */
  public static final String CONFLICT_REASON = "ObjectConflict";

  private Provenance() {}

  /** Labelled managed-by Orgspace and owned (owner reference by UID) by {@code owner}. */
  public static boolean madeFor(HasMetadata object, HasMetadata owner) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        && owner.getMetadata().getUid() != null
        && object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> owner.getMetadata().getUid().equals(ref.getUid()));
  }

  /** {@code existing} (null when absent) may be written as {@code owner}'s, or a {@link ForeignObject} is thrown. */
  public static void requireMadeFor(HasMetadata existing, HasMetadata owner) {
    if (existing != null && !madeFor(existing, owner)) {
      throw new ForeignObject(existing);
    }
  }

  /** The object of {@code desired}'s kind, namespace and name as the API server has it, or null. */
  public static <R extends HasMetadata> R stored(R desired, Class<R> type, KubernetesClient client) {
    return client.resources(type).inNamespace(desired.getMetadata().getNamespace())
        .withName(desired.getMetadata().getName()).get();
  }

  /** An object of the name the operator would write exists, and the operator did not make it. */
  public static final class ForeignObject extends RuntimeException {
    public ForeignObject(HasMetadata existing) {
      super(existing.getKind() + " " + existing.getMetadata().getNamespace() + "/" + existing.getMetadata().getName()
          + " exists and was not made by Orgspace for this object (labels and owner); Orgspace neither"
          + " overwrites nor grants it: delete or rename it, or rename this object");
    }
  }
}
