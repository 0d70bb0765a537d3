package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.orgspace.api.PreviewSsh;
import io.orgspace.api.SshPeer;
import io.orgspace.ssh.TrustBundle;
import java.util.List;

/**
 * The sshd sidecar of a preview whose project enables {@code previews.ssh}: it trusts the
 * organization's SSH certificates through the namespace's trust bundle ({@link TrustBundle}: CA
 * keys, principals of the roles that may update server files, revocation list), shares a volume
 * with the application, and listens on {@link #PORT} as an unprivileged user. Pure functions that
 * add to the objects {@link EnvironmentObjects} builds.
 */
public final class SshSidecar {
  public static final String CONTAINER = "sshd";
  /** Unprivileged (the sidecar runs without capabilities); {@code kubectl orgspace ssh} uses it by default. */
  public static final int PORT = 2222;
  /** The sidecar's uid: sshd running unprivileged logs in only its own user, whose name the image gives it. */
  public static final long UID = 1000;
  /** Where the sidecar keeps its host key and the config it writes at start (an emptyDir). */
  public static final String RUN_DIR = "/run/orgspace-sshd";
  /** The volume the application and the sidecar share, mounted at the same path in both. */
  public static final String SHARED_MOUNT = "/shared";
  /** The environment variable carrying the sidecar's sshd_config, written to {@link #RUN_DIR} at start. */
  public static final String CONFIG_VARIABLE = "SSHD_CONFIG";

  private static final String SHARED = "shared";
  private static final String RUN = "sshd-run";

  /**
   * The sidecar's own sshd_config: what it listens on and its host key; whom it trusts comes from
   * the bundle's include, read again at every login (a rotation or revocation needs no restart).
   */
  static final String SSHD_CONFIG = """
      Port %1$d
      HostKey %2$s/ssh_host_ed25519_key
      PidFile none
      UsePAM no
      StrictModes no
      X11Forwarding no
      Subsystem sftp internal-sftp
      Include %3$s/%4$s
      """.formatted(PORT, RUN_DIR, TrustBundle.MOUNT_PATH, TrustBundle.SSHD_CONFIG);

  /** A host key per pod start (never in an object of the API server), then sshd in the foreground. */
  static final String START = """
      set -e
      umask 077
      [ -f %1$s/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f %1$s/ssh_host_ed25519_key
      printf '%%s\\n' "$%2$s" > %1$s/sshd_config
      exec /usr/sbin/sshd -D -e -f %1$s/sshd_config
      """.formatted(RUN_DIR, CONFIG_VARIABLE);

  private SshSidecar() {}

  public static PreviewSsh of(EnvironmentPlan plan) {
    var previews = plan.project() == null ? null : plan.project().getSpec().previews;
    PreviewSsh ssh = previews == null ? null : previews.ssh;
    return ssh != null && Boolean.TRUE.equals(ssh.enabled) ? ssh : null;
  }

  /** Adds the sidecar, its volumes and the shared volume to the environment's Deployment. */
  public static Deployment addTo(Deployment deployment, EnvironmentPlan plan) {
    PreviewSsh ssh = of(plan);
    if (ssh == null) {
      return deployment;
    }
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    var shared = new VolumeMountBuilder().withName(SHARED).withMountPath(SHARED_MOUNT).build();
    pod.getContainers().get(0).getVolumeMounts().add(shared);
    var sidecar = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(ssh.image == null ? PreviewSsh.DEFAULT_IMAGE : ssh.image)
        .withCommand("/bin/sh", "-c", START)
        .addNewEnv().withName(CONFIG_VARIABLE).withValue(SSHD_CONFIG).endEnv()
        .addNewPort().withName("ssh").withContainerPort(PORT).endPort()
        .addToVolumeMounts(new VolumeMountBuilder().withName(TrustBundle.NAME).withMountPath(TrustBundle.MOUNT_PATH)
            .withReadOnly(true).build())
        .addToVolumeMounts(new VolumeMountBuilder().withName(RUN).withMountPath(RUN_DIR).build())
        .addToVolumeMounts(shared)
        .withNewSecurityContext().withRunAsUser(UID).withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext();
    if (!plan.files().isEmpty()) {
      sidecar.addToVolumeMounts(new VolumeMountBuilder().withName("files").withMountPath(EnvironmentObjects.FILES_MOUNT)
          .withReadOnly(true).build());
    }
    pod.getContainers().add(sidecar.build());
    pod.getVolumes().add(new VolumeBuilder().withName(TrustBundle.NAME)
        .withNewConfigMap().withName(TrustBundle.NAME).endConfigMap().build());
    pod.getVolumes().add(new VolumeBuilder().withName(RUN).withNewEmptyDir().endEmptyDir().build());
    pod.getVolumes().add(new VolumeBuilder().withName(SHARED).withNewEmptyDir().endEmptyDir().build());
    return deployment;
  }

  /** Adds the SSH port to the environment's Service. */
  public static Service addTo(Service service, EnvironmentPlan plan) {
    if (of(plan) != null) {
      service.getSpec().getPorts().add(new ServicePortBuilder().withName("ssh").withPort(PORT)
          .withTargetPort(new IntOrString("ssh")).build());
    }
    return service;
  }

  /**
   * Admits the SSH port from the namespaces and ranges the project allows (the namespace's own
   * pods already reach every port). Port-forwarding does not pass here: the kubelet connects
   * inside the pod's network namespace, so only RBAC on pods/portforward governs it.
   */
  public static NetworkPolicy addTo(NetworkPolicy policy, EnvironmentPlan plan) {
    PreviewSsh ssh = of(plan);
    if (ssh == null || ssh.allowedFrom == null || ssh.allowedFrom.isEmpty()) {
      return policy;
    }
    List<NetworkPolicyPeer> peers = ssh.allowedFrom.stream().map(SshSidecar::peer).toList();
    policy.getSpec().getIngress().add(new NetworkPolicyIngressRuleBuilder().withFrom(peers)
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(PORT)).endPort().build());
    return policy;
  }

  private static NetworkPolicyPeer peer(SshPeer allowed) {
    if (allowed.namespaceSelector != null) {
      return new NetworkPolicyPeerBuilder().withNamespaceSelector(allowed.namespaceSelector).build();
    }
    return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(allowed.ipBlock.cidr)
        .withExcept(allowed.ipBlock.except).endIpBlock().build();
  }
}
