package io.orgspace.organization;

import io.orgspace.api.Organization;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Labels;
import io.orgspace.api.Environment;
import io.orgspace.environment.EnvironmentObjects;
import io.orgspace.ssh.MemberCertificateSecrets;
import io.orgspace.ssh.SshStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roles in the home namespace that each grant reading named Secrets and nothing else: the
 * environments' basic-auth credentials (for every member), and each member's SSH certificates
 * (for that member alone). A Role is only written with names in it: an empty resourceNames list
 * would grant every Secret.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HomeNamespaceRoles extends OrganizationBulkDependent<Role> {
  public static final String CREDENTIALS = "orgspace-environment-credentials";

  public HomeNamespaceRoles() {
    super(Role.class);
  }

  static List<String> credentialsSecretNames(Context<Organization> context) {
    return context.getSecondaryResourcesAsStream(Environment.class)
        .map(EnvironmentObjects::credentialsSecretName).sorted().distinct().toList();
  }

  @Override
  public Map<ResourceID, Role> desiredResources(Organization organization, Context<Organization> context) {
    String name = organization.getMetadata().getName();
    Map<ResourceID, Role> desired = new LinkedHashMap<>();
    List<String> credentials = credentialsSecretNames(context);
    if (!credentials.isEmpty()) {
      put(desired, secretReader(name, CREDENTIALS, credentials));
    }
    for (String membership : SshStates.certificateHolders(organization, context)) {
      put(desired, secretReader(name, MemberCertificateSecrets.roleName(membership),
          List.of(MemberCertificateSecrets.secretName(membership))));
    }
    return desired;
  }

  private static void put(Map<ResourceID, Role> desired, Role role) {
    desired.put(ResourceID.fromResource(role), role);
  }

  private static Role secretReader(String organization, String roleName, List<String> secretNames) {
    return new RoleBuilder()
        .withNewMetadata().withName(roleName).withNamespace(Organization.homeNamespace(organization))
        .withLabels(Labels.forOrganization(organization)).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get")
        .withResourceNames(secretNames).endRule()
        .build();
  }
}
