package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.Labels;
import io.orgspace.environment.Environment;
import io.orgspace.environment.EnvironmentObjects;
import java.util.List;

/**
 * Lets every member read the basic-auth credentials of the organization's environments, and
 * nothing else among its Secrets: a Role naming exactly those Secrets.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class EnvironmentCredentialsRole extends CRUDKubernetesDependentResource<Role, Organization> {
  public static final String NAME = "orgspace-environment-credentials";

  public EnvironmentCredentialsRole() {
    super(Role.class);
  }

  static List<String> secretNames(Context<Organization> context) {
    return context.getSecondaryResourcesAsStream(Environment.class)
        .map(EnvironmentObjects::credentialsSecretName).sorted().distinct().toList();
  }

  @Override
  protected Role desired(Organization organization, Context<Organization> context) {
    String name = organization.getMetadata().getName();
    return new RoleBuilder()
        .withNewMetadata().withName(NAME).withNamespace(Organization.homeNamespace(name))
        .withLabels(Labels.forOrganization(name)).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get")
        .withResourceNames(secretNames(context)).endRule()
        .build();
  }

  /** An empty resourceNames list would grant every Secret: without environments there is no Role. */
  public static class HasEnvironments implements Condition<Role, Organization> {
    @Override
    public boolean isMet(DependentResource<Role, Organization> dr, Organization org, Context<Organization> context) {
      return !secretNames(context).isEmpty();
    }
  }
}
