package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.ssh.MemberCertificates;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The role RoleBindings in every namespace of the organization (and, in its home namespace, the
 * bindings of the Secret-reader Roles of {@link SecretReaderRolesDependent}), applied server-side;
 * bindings of the organization that are no longer desired (a role lost its last holder) are deleted.
 */
// orgspace-<role> in the organization's namespaces are Orgspace's names (only cluster administrators
// create RoleBindings there): one stripped of its labels by hand is applied again, not refused with a 409.
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class RoleBindingsDependent extends KubernetesDependentResource<RoleBinding, Organization>
    implements CRUDKubernetesBulkDependentResource<RoleBinding, Organization>, GarbageCollected<Organization> {

  public RoleBindingsDependent() {
    super(RoleBinding.class);
  }

  @Override
  public Map<ResourceID, RoleBinding> desiredResources(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    Map<ResourceID, RoleBinding> desired = new LinkedHashMap<>();
    for (RoleBinding binding : OrganizationRbac.roleBindings(state.name(), state.namespaces(), state.holders())) {
      desired.put(ResourceID.fromResource(binding), binding);
    }
    if (!state.credentialsSecretNames().isEmpty()) {
      RoleBinding credentials = OrganizationRbac.credentialsBinding(state.name(), state.holders());
      desired.put(ResourceID.fromResource(credentials), credentials);
    }
    for (String membership : state.certificateHolders()) {
      RoleBinding certificates = OrganizationRbac.certificateBinding(state.name(),
          MemberCertificates.roleName(membership), state.memberUsers().get(membership));
      desired.put(ResourceID.fromResource(certificates), certificates);
    }
    return desired;
  }

  @Override
  public Map<ResourceID, RoleBinding> getSecondaryResources(Organization organization, Context<Organization> context) {
    // Only these bindings are this dependent's: other RoleBindings the organization owns are left alone.
    Set<String> names = Stream.concat(Arrays.stream(Role.values()).map(OrganizationAccess::roleBindingName),
        Stream.of(SecretReaderRolesDependent.CREDENTIALS)).collect(Collectors.toSet());
    return context.getSecondaryResourcesAsStream(RoleBinding.class)
        .filter(binding -> names.contains(binding.getMetadata().getName())
            || binding.getMetadata().getName().startsWith(MemberCertificates.roleName("")))
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }
}
