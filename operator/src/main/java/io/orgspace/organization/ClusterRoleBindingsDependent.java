package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
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

/** Binds the per-organization ClusterRoles to the organization's owners and members. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.ORGANIZATION))
public class ClusterRoleBindingsDependent extends KubernetesDependentResource<ClusterRoleBinding, Organization>
    implements CRUDKubernetesBulkDependentResource<ClusterRoleBinding, Organization>, GarbageCollected<Organization> {

  public ClusterRoleBindingsDependent() {
    super(ClusterRoleBinding.class);
  }

  @Override
  public Map<ResourceID, ClusterRoleBinding> desiredResources(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    return OrganizationRbac.clusterRoleBindings(state.name(), state.holders()).stream()
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }

  @Override
  public Map<ResourceID, ClusterRoleBinding> getSecondaryResources(Organization organization,
      Context<Organization> context) {
    var names = OrganizationRbac.clusterObjectNames(organization.getMetadata().getName());
    return context.getSecondaryResourcesAsStream(ClusterRoleBinding.class)
        .filter(object -> names.contains(object.getMetadata().getName()))
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }
}
