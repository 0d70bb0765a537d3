package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Organization;
import io.orgspace.organization.OrganizationBulkDependent;
import io.orgspace.organization.OrganizationRoleBindings;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SSH trust bundle in every environment namespace of the organization: what an sshd sidecar
 * mounts to accept the organization's certificates (CA keys, principals, revocation list).
 */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(labelSelector = SshLabels.TRUST_BUNDLE_SELECTOR))
public class TrustBundles extends OrganizationBulkDependent<ConfigMap> {
  public static final String NAME = "orgspace-ssh-trust";
  public static final String CA_KEYS = "trusted-user-ca-keys.pub";
  public static final String PRINCIPALS = "authorized-principals";
  public static final String REVOKED = "revoked-keys.krl";
  public static final String SSHD_CONFIG = "sshd_config";
  /** Where the README's sidecar example mounts the bundle. */
  public static final String MOUNT_PATH = "/etc/ssh/orgspace";

  public TrustBundles() {
    super(ConfigMap.class);
  }

  @Override
  public Map<ResourceID, ConfigMap> desiredResources(Organization organization, Context<Organization> context) {
    String name = organization.getMetadata().getName();
    SshPlan.Bundle bundle = SshStates.of(organization, context).bundle();
    Map<ResourceID, ConfigMap> desired = new LinkedHashMap<>();
    String home = Organization.homeNamespace(name);
    for (String namespace : OrganizationRoleBindings.namespaces(organization, context)) {
      if (namespace.equals(home)) {
        continue; // environments are where servers run
      }
      ConfigMap configMap = bundle(name, namespace, bundle);
      desired.put(ResourceID.fromResource(configMap), configMap);
    }
    return desired;
  }

  static ConfigMap bundle(String organization, String namespace, SshPlan.Bundle bundle) {
    Map<String, String> data = new TreeMap<>();
    data.put(CA_KEYS, String.join("\n", bundle.caPublicKeys()) + "\n");
    data.put(PRINCIPALS, bundle.principals().isEmpty() ? "" : String.join("\n", bundle.principals()) + "\n");
    data.put(SSHD_CONFIG, """
        # Include this file from sshd_config (or copy these lines); the bundle is mounted at %1$s.
        TrustedUserCAKeys %1$s/%2$s
        AuthorizedPrincipalsFile %1$s/%3$s
        RevokedKeys %1$s/%4$s
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        AuthorizedKeysFile none
        """.formatted(MOUNT_PATH, CA_KEYS, PRINCIPALS, REVOKED));
    return new ConfigMapBuilder()
        .withNewMetadata().withName(NAME).withNamespace(namespace)
        .withLabels(SshLabels.of(organization, SshLabels.TRUST_BUNDLE)).endMetadata()
        .withData(data)
        .withBinaryData(Map.of(REVOKED, Base64.getEncoder().encodeToString(bundle.revocationList())))
        .build();
  }
}
