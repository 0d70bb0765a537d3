package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.organization.OrganizationBulkDependent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Secret per member with SSH keys, in the home namespace: the member's certificates, one file
 * per key. Only that member (and the operator) can read it: see {@link #roleName}.
 */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(labelSelector = SshLabels.CERTIFICATES_SELECTOR))
public class MemberCertificateSecrets extends OrganizationBulkDependent<Secret> {

  public MemberCertificateSecrets() {
    super(Secret.class);
  }

  public static String secretName(String membership) {
    return Names.fit("orgspace-ssh-" + membership, 253);
  }

  /** The Role (and RoleBinding) that lets the member read exactly their certificate Secret. */
  public static String roleName(String membership) {
    return Names.fit("orgspace-ssh-" + membership, 253);
  }

  @Override
  public Map<ResourceID, Secret> desiredResources(Organization organization, Context<Organization> context) {
    String name = organization.getMetadata().getName();
    Map<ResourceID, Secret> desired = new LinkedHashMap<>();
    SshStates.of(organization, context).certificates().forEach((membership, certificates) -> {
      Map<String, String> data = new TreeMap<>();
      certificates.forEach(c -> data.put(c.file(), AuthoritySecrets.encode(c.line() + "\n")));
      var labels = SshLabels.of(name, SshLabels.CERTIFICATES);
      labels.put(SshLabels.MEMBERSHIP, membership);
      Secret secret = new SecretBuilder()
          .withNewMetadata().withName(secretName(membership)).withNamespace(Organization.homeNamespace(name))
          .withLabels(labels).endMetadata()
          .withType("Opaque").withData(data).build();
      desired.put(ResourceID.fromResource(secret), secret);
    });
    return desired;
  }
}
