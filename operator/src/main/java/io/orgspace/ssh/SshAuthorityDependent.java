package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.api.Organization;

/** The organization's CA Secret in the operator's namespace (owned by the Organization: deleted with it). */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(labelSelector = SshLabels.AUTHORITY_SELECTOR))
public class SshAuthorityDependent extends CRUDKubernetesDependentResource<Secret, Organization> {
  public SshAuthorityDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(Organization organization, Context<Organization> context) {
    return AuthoritySecrets.toSecret(organization.getMetadata().getName(), SshStates.of(organization, context).authority());
  }
}
