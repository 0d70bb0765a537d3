package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * An object owned by its primary (a Secret, a ConfigMap next to it), written only when it is
 * absent or already {@link Provenance#madeFor its primary's}. The label-filtered informer does not
 * see an object of the same name that someone else made: before creating, the API server is asked,
 * so that such an object is reported ({@link Provenance.ForeignObject}) rather than applied over.
 */
public abstract class OwnedDependent<R extends HasMetadata, P extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, P> {

  protected OwnedDependent(Class<R> type) {
    super(type);
  }

  @Override
  public R create(R desired, P primary, Context<P> context) {
    R existing = Provenance.stored(desired, resourceType(), context.getClient());
    Provenance.requireMadeFor(existing, primary);
    return existing == null ? super.create(desired, primary, context) : super.update(existing, desired, primary, context);
  }

  @Override
  public R update(R actual, R desired, P primary, Context<P> context) {
    Provenance.requireMadeFor(actual, primary);
    return super.update(actual, desired, primary, context);
  }

  @Override
  protected void handleDelete(P primary, R secondary, Context<P> context) {
    if (secondary != null && Provenance.madeFor(secondary, primary)) {
      super.handleDelete(primary, secondary, context);
    }
  }
}
