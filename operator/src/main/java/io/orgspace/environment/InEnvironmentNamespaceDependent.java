package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.util.Objects;
import java.util.Optional;

/**
 * An object of the environment's namespace, found by its fixed name, so that finding it (also at
 * clean-up, when the project may be gone) never needs the desired state. Created by applying it
 * whether or not it exists (createResourceOnlyIfNotExistingWithSSA = false on each subclass): the
 * namespace is the environment's, and one of these objects stripped of its labels by hand — which
 * takes it out of the label-filtered informer — is put back rather than failing with a 409 forever.
 *
 * <p>Objects in the environment's namespace cannot be owned by the Environment (owner references
 * do not cross namespaces); they go with the namespace, which the finalizer deletes.
 */
abstract class InEnvironmentNamespaceDependent<R extends HasMetadata>
    extends CRUDNoGCKubernetesDependentResource<R, Environment> {
  private final String objectName;

  InEnvironmentNamespaceDependent(Class<R> type, String objectName) {
    super(type);
    this.objectName = objectName;
  }

  /**
   * The object, rendered from this reconcile's decisions.
   *
   * @param actual the object as it is now, if it exists
   */
  abstract R desired(EnvironmentContext state, Optional<R> actual);

  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(objectName, EnvironmentContext.of(context).plan().namespace());
  }

  @Override
  protected R desired(Environment env, Context<Environment> context) {
    return desired(EnvironmentContext.of(context), getSecondaryResource(env, context));
  }

  /** Never deletes what another environment made under the same name (its namespace's objects). */
  @Override
  protected void handleDelete(Environment env, R secondary, Context<Environment> context) {
    if (secondary != null && belongsTo(secondary, env)) {
      super.handleDelete(env, secondary, context);
    }
  }

  /**
   * Whether an object carries this environment's organization and environment labels: only then
   * may it write over or delete it (managed-by is not required: a hand edit may have removed it).
   */
  static boolean belongsTo(HasMetadata object, Environment env) {
    var labels = object.getMetadata().getLabels();
    return labels != null
        && Objects.equals(Organization.fromHomeNamespace(env.getMetadata().getNamespace()), labels.get(Labels.ORGANIZATION))
        && EnvironmentObjects.environmentLabel(env).equals(labels.get(Labels.ENVIRONMENT));
  }
}
