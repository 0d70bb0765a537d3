package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewSsh;
import io.orgspace.runtime.PreviewSettings;
import io.orgspace.ssh.TrustBundle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshSidecarTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final Organization ACME = Fixtures.organization("acme", T0, "acme.example");
  private static final PreviewSettings SETTINGS = PreviewSettings.fromEnvironment(Map.of());
  private static final String ENV = "{project: shop, pullRequest: {number: 42}, image: \"registry.acme.example/shop:1\"}";

  private static EnvironmentPlan plan(String previews) {
    return EnvironmentPlan.of(Fixtures.environment("acme", "shop-pr-42", T0, ENV), ACME,
        Fixtures.project("acme", "{repository: {provider: github, url: \"https://github.com/acme/shop\"},"
            + " previews: " + previews + "}"), List.of(ACME), List.of());
  }

  @Test
  void withoutSshThereIsNoSidecarPortOrRule() {
    EnvironmentPlan plan = plan("{domain: shop.acme.example, ssh: {enabled: false, allowedFrom: [{ipBlock: {cidr: 10.8.0.0/16}}]}}");
    assertEquals(1, EnvironmentObjects.deployment(plan).getSpec().getTemplate().getSpec().getContainers().size());
    assertEquals(List.of("http"), EnvironmentObjects.service(plan).getSpec().getPorts().stream().map(p -> p.getName()).toList());
    assertEquals(1, EnvironmentObjects.networkPolicy(plan, SETTINGS).getSpec().getIngress().size());
  }

  @Test
  void theSidecarTrustsTheBundleSharesAVolumeAndRunsUnprivileged() {
    var pod = EnvironmentObjects.deployment(plan("{domain: shop.acme.example, ssh: {enabled: true}}"))
        .getSpec().getTemplate().getSpec();
    Container app = pod.getContainers().get(0);
    Container sshd = pod.getContainers().get(1);
    assertEquals(SshSidecar.CONTAINER, sshd.getName());
    assertEquals(PreviewSsh.DEFAULT_IMAGE, sshd.getImage());
    assertEquals(SshSidecar.PORT, sshd.getPorts().get(0).getContainerPort());
    assertEquals(SshSidecar.UID, sshd.getSecurityContext().getRunAsUser());
    assertEquals(List.of("ALL"), sshd.getSecurityContext().getCapabilities().getDrop());
    assertTrue(sshd.getEnv().get(0).getValue().contains("Include " + TrustBundle.MOUNT_PATH + "/" + TrustBundle.SSHD_CONFIG),
        sshd.getEnv().get(0).getValue());
    assertTrue(sshd.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(TrustBundle.MOUNT_PATH)
        && m.getReadOnly()));
    assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getConfigMap() != null
        && TrustBundle.NAME.equals(v.getConfigMap().getName())));
    VolumeMount shared = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(SshSidecar.SHARED_MOUNT))
        .findFirst().orElseThrow();
    assertTrue(sshd.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(shared.getName())
        && m.getMountPath().equals(SshSidecar.SHARED_MOUNT)), "the same volume in both containers");
  }

  @Test
  void theServiceGetsTheSshPortAndTheNetworkPolicyAdmitsItOnlyFromWhatTheProjectAllows() {
    EnvironmentPlan plan = plan("{ssh: {enabled: true, image: registry.acme.example/sshd:2, allowedFrom:"
        + " [{namespaceSelector: {matchLabels: {team: ops}}}, {ipBlock: {cidr: 10.8.0.0/16, except: [10.8.9.0/24]}}]}}");
    assertEquals("registry.acme.example/sshd:2",
        EnvironmentObjects.deployment(plan).getSpec().getTemplate().getSpec().getContainers().get(1).getImage());
    var ssh = EnvironmentObjects.service(plan).getSpec().getPorts().get(1);
    assertEquals(SshSidecar.PORT, ssh.getPort());
    assertEquals(new IntOrString("ssh"), ssh.getTargetPort());

    NetworkPolicy policy = EnvironmentObjects.networkPolicy(plan, SETTINGS);
    assertEquals(2, policy.getSpec().getIngress().size());
    var rule = policy.getSpec().getIngress().get(1);
    assertEquals(List.of(new IntOrString(SshSidecar.PORT)), rule.getPorts().stream().map(p -> p.getPort()).toList());
    assertEquals(Map.of("team", "ops"), rule.getFrom().get(0).getNamespaceSelector().getMatchLabels());
    assertEquals("10.8.0.0/16", rule.getFrom().get(1).getIpBlock().getCidr());
    assertEquals(List.of("10.8.9.0/24"), rule.getFrom().get(1).getIpBlock().getExcept());
  }

  @Test
  void enabledWithoutAllowedSourcesAddsNoNetworkRule() {
    assertEquals(1, EnvironmentObjects.networkPolicy(plan("{ssh: {enabled: true}}"), SETTINGS).getSpec().getIngress().size());
  }
}
