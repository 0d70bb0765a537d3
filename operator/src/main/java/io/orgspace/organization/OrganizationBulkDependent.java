package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Organization;
import io.orgspace.common.HeldContent;
import io.orgspace.common.Provenance;
import io.orgspace.common.ResourceIds;
import java.util.Map;

/**
 * A set of objects of one type an Organization owns, whose informer selects only them (by label):
 * what exists is exactly what that informer holds for the Organization. An object of a desired
 * name that Orgspace did not make for this Organization is reported, never written over
 * ({@link Provenance}).
 */
public abstract class OrganizationBulkDependent<R extends HasMetadata> extends KubernetesDependentResource<R, Organization>
    implements CRUDKubernetesBulkDependentResource<R, Organization>, GarbageCollected<Organization> {

  protected OrganizationBulkDependent(Class<R> type) {
    super(type);
  }

  @Override
  public R create(R desired, Organization organization, Context<Organization> context) {
    R existing = Provenance.stored(desired, resourceType(), context.getClient());
    Provenance.requireMadeFor(existing, organization);
    return existing == null ? super.create(desired, organization, context)
        : super.update(existing, desired, organization, context);
  }

  @Override
  public R update(R actual, R desired, Organization organization, Context<Organization> context) {
    Provenance.requireMadeFor(actual, organization);
    return super.update(actual, desired, organization, context);
  }

  /** Most of an organization's objects are unchanged on a reconcile: see {@link HeldContent}. */
  @Override
  public Result<R> match(R actual, R desired, Organization organization, Context<Organization> context) {
    return HeldContent.held(actual, desired, organization) ? Result.computed(true, desired)
        : super.match(actual, desired, organization, context);
  }

  @Override
  public Map<ResourceID, R> getSecondaryResources(Organization organization, Context<Organization> context) {
    return ResourceIds.byId(eventSource().orElseThrow().getSecondaryResources(organization));
  }
}
