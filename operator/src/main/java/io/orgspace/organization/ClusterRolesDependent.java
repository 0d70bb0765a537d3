package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The per-organization ClusterRoles that give access to the Organization object by name. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.ORGANIZATION))
public class ClusterRolesDependent extends KubernetesDependentResource<ClusterRole, Organization>
    implements CRUDKubernetesBulkDependentResource<ClusterRole, Organization>, GarbageCollected<Organization> {

  public ClusterRolesDependent() {
    super(ClusterRole.class);
  }

  @Override
  public Map<ResourceID, ClusterRole> desiredResources(Organization organization, Context<Organization> context) {
    return OrganizationRbac.clusterRoles(organization.getMetadata().getName()).stream()
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }

  @Override
  public Map<ResourceID, ClusterRole> getSecondaryResources(Organization organization, Context<Organization> context) {
    var names = OrganizationRbac.clusterObjectNames(organization.getMetadata().getName());
    return context.getSecondaryResourcesAsStream(ClusterRole.class)
        .filter(object -> names.contains(object.getMetadata().getName()))
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }
}
