package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.common.Provenance;
import java.util.Objects;
import java.util.Optional;

/**
 * An object of the environment's namespace, found by its fixed name, so that finding it (also at
 * clean-up, when the project may be gone) never needs the desired state. Written only over an
 * object that carries this environment's labels ({@link #belongsTo}): one stripped of its
 * managed-by label by hand — which takes it out of the label-filtered informer — is put back; an
 * object of the name that is not this environment's (made by a member with write access to the
 * namespace, say) is reported as a {@link Provenance.ForeignObject} and left alone.
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

  /** Whether this reconcile leaves the object as it is (or absent): nothing written, nothing deleted. */
  boolean held(EnvironmentContext state) {
    return false;
  }

  @Override
  protected ReconcileResult<R> reconcile(Environment env, R actual, Context<Environment> context) {
    return held(EnvironmentContext.of(context)) ? ReconcileResult.noOperation(actual) : super.reconcile(env, actual, context);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(objectName, EnvironmentContext.of(context).plan().namespace());
  }

  @Override
  protected R desired(Environment env, Context<Environment> context) {
    return desired(EnvironmentContext.of(context), getSecondaryResource(env, context));
  }

  /**
   * Out of the label-filtered cache: absent, or not made by Orgspace; the API server says which —
   * unless this reconcile made the namespace moments ago. Then nothing can be in it yet: no member
   * has a binding there before the organization writes them, after it saw the namespace (only a
   * cluster administrator could have written in between), and asking would cost one request per
   * object of every new environment.
   */
  @Override
  public R create(R desired, Environment env, Context<Environment> context) {
    if (EnvironmentContext.of(context).namespaceCreatedNow()) {
      return super.create(desired, env, context);
    }
    R existing = Provenance.stored(desired, resourceType(), context.getClient());
    if (existing == null) {
      return super.create(desired, env, context);
    }
    return update(existing, desired, env, context);
  }

  @Override
  public R update(R actual, R desired, Environment env, Context<Environment> context) {
    if (!belongsTo(actual, env)) {
      throw new Provenance.ForeignObject(actual);
    }
    return super.update(actual, desired, env, context);
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
