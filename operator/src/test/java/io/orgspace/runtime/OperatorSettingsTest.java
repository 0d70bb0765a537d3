package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsSuitAOneReplicaInstall() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("POD_NAME", "orgspace-0"));
    assertEquals(8081, settings.healthPort());
    assertFalse(settings.leaderElection());
    assertEquals("orgspace-0", settings.identity());
  }

  @Test
  void leaderElectionUsesThePodsNamespaceForItsLease() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "ORGSPACE_LEADER_ELECTION", "true", "POD_NAMESPACE", "orgspace-system", "POD_NAME", "orgspace-1"));
    assertTrue(settings.leaderElection());
    assertEquals("orgspace-system", settings.leaseNamespace());
    assertEquals("orgspace-operator", settings.leaseName());
  }
}
