package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Organization;
import io.orgspace.ssh.AuthoritySecrets;
import io.orgspace.ssh.SshLabels;

/** The organization's CA Secret in the operator's namespace (owned by the Organization: deleted with it). */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(itemStore = CompactItemStore.class, labelSelector = SshLabels.AUTHORITY_SELECTOR))
public class SshAuthorityDependent extends CRUDKubernetesDependentResource<Secret, Organization> {
  public SshAuthorityDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    return AuthoritySecrets.toSecret(state.name(), state.operatorNamespace(), state.ssh().authority());
  }
}
