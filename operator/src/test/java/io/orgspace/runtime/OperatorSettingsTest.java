package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

  @Test
  void reconcileParallelismIsBoundedByDefaultAndSettable() {
    OperatorSettings defaults = OperatorSettings.fromEnvironment(Map.of("POD_NAME", "orgspace-0"));
    assertEquals(16, defaults.reconcileThreads());
    assertEquals(16, defaults.workflowThreads());
    OperatorSettings tuned = OperatorSettings.fromEnvironment(Map.of("POD_NAME", "orgspace-0",
        "ORGSPACE_RECONCILE_THREADS", "4", "ORGSPACE_WORKFLOW_THREADS", " 8 "));
    assertEquals(4, tuned.reconcileThreads());
    assertEquals(8, tuned.workflowThreads());
  }

  @Test
  void aThreadCountBelowOneIsRefusedAtStart() {
    var refused = assertThrows(IllegalArgumentException.class, () -> OperatorSettings.fromEnvironment(
        Map.of("POD_NAME", "orgspace-0", "ORGSPACE_RECONCILE_THREADS", "0")));
    assertTrue(refused.getMessage().contains("ORGSPACE_RECONCILE_THREADS"));
  }
}
