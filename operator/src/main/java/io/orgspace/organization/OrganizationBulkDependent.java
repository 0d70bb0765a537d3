package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Organization;
import io.orgspace.common.ResourceIds;
import java.util.Map;

/**
 * A set of objects of one type an Organization owns, whose informer selects only them (by label):
 * what exists is exactly what that informer holds for the Organization.
 */
public abstract class OrganizationBulkDependent<R extends HasMetadata> extends KubernetesDependentResource<R, Organization>
    implements CRUDKubernetesBulkDependentResource<R, Organization>, GarbageCollected<Organization> {

  protected OrganizationBulkDependent(Class<R> type) {
    super(type);
  }

  @Override
  public Map<ResourceID, R> getSecondaryResources(Organization organization, Context<Organization> context) {
    return ResourceIds.byId(eventSource().orElseThrow().getSecondaryResources(organization));
  }
}
