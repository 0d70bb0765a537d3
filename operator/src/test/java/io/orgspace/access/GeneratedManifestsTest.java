package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** helm/orgspace/files/ must be what the permission matrix renders (run `make generate`). */
class GeneratedManifestsTest {
  private static final Path ROOT = Path.of(System.getProperty("orgspace.root", "..")).toAbsolutePath().normalize();

  @Test
  void roleManifestsMatchTheMatrix() throws IOException {
    assertEquals(ClusterWideObjects.renderRoles(), Files.readString(ROOT.resolve(ClusterWideObjects.ROLES_FILE)),
        "helm/orgspace/files/roles.yaml is stale; run make generate");
  }

  @Test
  void policyManifestsMatchTheCode() throws IOException {
    assertEquals(ClusterWideObjects.renderPolicies(), Files.readString(ROOT.resolve(ClusterWideObjects.POLICIES_FILE)),
        "helm/orgspace/files/admission-policies.yaml is stale; run make generate");
  }

  /** The operator reads the chart's admission policies at start; its ClusterRole names them one by one. */
  @Test
  void theChartsOperatorRoleNamesEveryAdmissionPolicy() throws IOException {
    String clusterRole = Files.readString(ROOT.resolve("helm/orgspace/templates/clusterrole.yaml"));
    for (HasMetadata policy : AdmissionPolicies.all()) {
      assertTrue(clusterRole.contains(policy.getMetadata().getName()),
          policy.getMetadata().getName() + " is missing from the resourceNames of helm/orgspace/templates/clusterrole.yaml");
    }
  }

  @Test
  void attributionPolicyMatchesTheCode() throws IOException {
    assertEquals(ClusterWideObjects.renderAttribution(), Files.readString(ROOT.resolve(ClusterWideObjects.ATTRIBUTION_FILE)),
        "helm/orgspace/files/attribution-policy.yaml is stale; run make generate");
  }

  @Test
  void operatorGuardMatchesTheCode() throws IOException {
    assertEquals(ClusterWideObjects.renderOperatorGuard(), Files.readString(ROOT.resolve(ClusterWideObjects.OPERATOR_GUARD_FILE)),
        "helm/orgspace/files/operator-guard.yaml is stale; run make generate");
  }
}
