package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.ssh.MemberCertificates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roles in the home namespace that each grant reading named Secrets and nothing else: the
 * environments' basic-auth credentials (for every member), and each member's SSH certificates
 * (for that member alone). A Role is only written with names in it: an empty resourceNames list
 * would grant every Secret.
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR))
public class SecretReaderRolesDependent extends OrganizationBulkDependent<Role> {
  public static final String CREDENTIALS = "orgspace-environment-credentials";

  public SecretReaderRolesDependent() {
    super(Role.class);
  }

  @Override
  public Map<ResourceID, Role> desiredResources(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    Map<ResourceID, Role> desired = new LinkedHashMap<>();
    if (!state.credentialsSecretNames().isEmpty()) {
      put(desired, OrganizationRbac.secretReader(state.name(), CREDENTIALS, state.credentialsSecretNames()));
    }
    for (String membership : state.certificateHolders()) {
      put(desired, OrganizationRbac.secretReader(state.name(), MemberCertificates.roleName(membership),
          List.of(MemberCertificates.secretName(membership))));
    }
    return desired;
  }

  private static void put(Map<ResourceID, Role> desired, Role role) {
    desired.put(ResourceID.fromResource(role), role);
  }
}
