package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SSH trust bundle of an environment namespace: what an sshd sidecar mounts to accept the
 * organization's certificates (CA keys, principals, revocation list, an sshd_config include).
 */
public final class TrustBundle {
  public static final String NAME = "orgspace-ssh-trust";
  public static final String CA_KEYS = "trusted-user-ca-keys.pub";
  public static final String PRINCIPALS = "authorized-principals";
  public static final String REVOKED = "revoked-keys.krl";
  public static final String SSHD_CONFIG = "sshd_config";
  /** Where the documented sidecar example mounts the bundle. */
  public static final String MOUNT_PATH = "/etc/ssh/orgspace";

  private TrustBundle() {}

  public static ConfigMap configMap(String organization, String namespace, SshPlan.Bundle bundle) {
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
