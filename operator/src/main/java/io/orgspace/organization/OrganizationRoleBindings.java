package io.orgspace.organization;

import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.Organization;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.ssh.MemberCertificateSecrets;
import io.orgspace.ssh.SshStates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The role RoleBindings in every namespace of the organization (and, in its home namespace, the
 * bindings of the Secret-reader Roles of {@link HomeNamespaceRoles}), applied server-side; bindings of
 * the organization that are no longer desired (a role lost its last holder) are deleted.
 */
// orgspace-<role> in the organization's namespaces are Orgspace's names (only cluster administrators
// create RoleBindings there): one stripped of its labels by hand is applied again, not refused with a 409.
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class OrganizationRoleBindings extends KubernetesDependentResource<RoleBinding, Organization>
    implements CRUDKubernetesBulkDependentResource<RoleBinding, Organization>, GarbageCollected<Organization> {

  public OrganizationRoleBindings() {
    super(RoleBinding.class);
  }

  /** The organization's live namespaces: its home and every namespace labelled for it. */
  public static Set<String> namespaces(Organization organization, Context<Organization> context) {
    String name = organization.getMetadata().getName();
    Set<String> namespaces = new TreeSet<>();
    namespaces.add(Organization.homeNamespace(name));
    context.getSecondaryResourcesAsStream(Namespace.class)
        .filter(ns -> name.equals(ns.getMetadata().getLabels().get(Labels.ORGANIZATION)))
        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .forEach(ns -> namespaces.add(ns.getMetadata().getName()));
    return namespaces;
  }

  @Override
  public Map<ResourceID, RoleBinding> desiredResources(Organization organization, Context<Organization> context) {
    var holders = OrganizationAccess.holders(organization, context.getSecondaryResources(Membership.class),
        context.getSecondaryResources(io.orgspace.api.ApiKey.class));
    Map<ResourceID, RoleBinding> desired = new LinkedHashMap<>();
    for (RoleBinding binding : OrganizationAccess.roleBindings(organization.getMetadata().getName(),
        namespaces(organization, context), holders)) {
      desired.put(ResourceID.fromResource(binding), binding);
    }
    String name = organization.getMetadata().getName();
    if (!HomeNamespaceRoles.credentialsSecretNames(context).isEmpty()) {
      RoleBinding credentials = OrganizationAccess.credentialsBinding(name, holders);
      desired.put(ResourceID.fromResource(credentials), credentials);
    }
    var users = context.getSecondaryResourcesAsStream(Membership.class)
        .collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m.getSpec().user, (a, b) -> a));
    for (String membership : SshStates.certificateHolders(organization, context)) {
      RoleBinding certificates = OrganizationAccess.certificateBinding(name,
          MemberCertificateSecrets.roleName(membership), users.get(membership));
      desired.put(ResourceID.fromResource(certificates), certificates);
    }
    return desired;
  }

  @Override
  public Map<ResourceID, RoleBinding> getSecondaryResources(Organization organization, Context<Organization> context) {
    // Only these bindings are this dependent's: other RoleBindings the organization owns are left alone.
    Set<String> names = java.util.stream.Stream.concat(java.util.Arrays.stream(io.orgspace.api.Role.values())
        .map(OrganizationAccess::roleBindingName), java.util.stream.Stream.of(HomeNamespaceRoles.CREDENTIALS))
        .collect(Collectors.toSet());
    return context.getSecondaryResourcesAsStream(RoleBinding.class)
        .filter(binding -> names.contains(binding.getMetadata().getName())
            || binding.getMetadata().getName().startsWith(MemberCertificateSecrets.roleName("")))
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }
}
