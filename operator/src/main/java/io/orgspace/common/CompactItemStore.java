package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The store every informer of the operator caches into: each object keeps only what the operator
 * reads. Gone are the {@code managedFields} entries of other field managers (the controller
 * manager's, kubectl's, the scheduler's: often larger than the object) and kubectl's
 * {@code last-applied-configuration} annotation (a second copy of the spec). The operator's own
 * entries stay: server-side-apply matching compares the desired object with the fields it owns.
 * At 1,000 environments the caches hold about 15,000 objects; this is most of their weight.
 */
public class CompactItemStore<R extends HasMetadata> extends TransformingItemStore<R> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public CompactItemStore() {
    super(CompactItemStore::compact);
  }

  /** The object, trimmed in place (it comes fresh from a list or watch and is shared with no one). */
  static <R extends HasMetadata> R compact(R object) {
    ObjectMeta metadata = object.getMetadata();
    if (metadata == null) {
      return object;
    }
    if (metadata.getManagedFields() != null && !metadata.getManagedFields().isEmpty()) {
      var ours = metadata.getManagedFields().stream()
          .filter(entry -> FieldManager.NAME.equals(entry.getManager())).toList();
      metadata.setManagedFields(ours.isEmpty() ? List.of() : ours);
    }
    if (metadata.getAnnotations() != null && metadata.getAnnotations().containsKey(LAST_APPLIED)) {
      var annotations = new LinkedHashMap<>(metadata.getAnnotations());
      annotations.remove(LAST_APPLIED);
      metadata.setAnnotations(annotations);
    }
    return object;
  }
}
