package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Organization;
import io.orgspace.ssh.MemberCertificates;
import io.orgspace.ssh.SshLabels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Secret per member with SSH keys, in the home namespace: the member's certificates, one file
 * per key, readable by that member alone (see {@link SecretReaderRolesDependent}).
 */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(itemStore = CompactItemStore.class, labelSelector = SshLabels.CERTIFICATES_SELECTOR))
public class MemberCertificatesDependent extends OrganizationBulkDependent<Secret> {

  public MemberCertificatesDependent() {
    super(Secret.class);
  }

  @Override
  public Map<ResourceID, Secret> desiredResources(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    Map<ResourceID, Secret> desired = new LinkedHashMap<>();
    state.ssh().certificates().forEach((membership, certificates) -> {
      Secret secret = MemberCertificates.secret(state.name(), membership, certificates);
      desired.put(ResourceID.fromResource(secret), secret);
    });
    return desired;
  }
}
