package io.orgspace.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Labels;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the operator while it converges 100 environments of 4 organizations, with
 * deletions and creations it never saw: a new process converges everything, and every object
 * Orgspace labelled is accounted for — nothing twice, nothing orphaned, nothing missing.
 */
class OperatorKillIT {
  private static final int ORGANIZATIONS = 4;
  private static final int PER_ORGANIZATION = 25;

  @Test
  void aKilledOperatorsSuccessorConvergesWithoutDuplicatesOrOrphans() throws Exception {
    KubernetesClient admin = ControlPlane.admin();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Fleet fleet = new Fleet(admin, "kill", suffix, ORGANIZATIONS);
    {
      OperatorProcess first = OperatorProcess.start("operator-kill-first").awaitReady();
      try {
        fleet.createOrganizations();
        long burst = System.nanoTime();
        fleet.createEnvironments(1, PER_ORGANIZATION);
        // In the middle of converging: some environments have their namespace, most do not yet.
        Poll.until(Duration.ofSeconds(120), "a fifth of the environment namespaces", () -> environmentNamespaces(admin, fleet) >= 20);
        long made = environmentNamespaces(admin, fleet);
        fleet.deleteEnvironments(PER_ORGANIZATION - 1, PER_ORGANIZATION); // deletions the killed process may not finish
        first.kill();
        System.out.printf("kill -9 after %d ms of the burst, with %d of %d environment namespaces made%n",
            Duration.ofNanos(System.nanoTime() - burst).toMillis(), made, ORGANIZATIONS * PER_ORGANIZATION);
      } finally {
        first.kill();
      }
      // Changes while no operator runs: a new pull request and a deletion per organization.
      fleet.createEnvironments(PER_ORGANIZATION + 1, PER_ORGANIZATION + 1);
      fleet.deleteEnvironments(1, 1);
      int expected = ORGANIZATIONS * (PER_ORGANIZATION - 2);

      long restart = System.nanoTime();
      OperatorProcess second = OperatorProcess.start("operator-kill-second");
      try {
        second.awaitReady();
        long ready = System.nanoTime();
        Duration converged = fleet.awaitConverged(expected, Duration.ofMinutes(5));
        System.out.printf("after kill -9: new process ready in %d ms, %d environments converged %d ms after its start%n",
            Duration.ofNanos(ready - restart).toMillis(), expected,
            Duration.ofNanos(System.nanoTime() - restart).toMillis());
        assertTrue(converged.toMillis() >= 0);

        List<String> problems = fleet.auditSettled(Duration.ofSeconds(30));
        assertEquals(List.of(), problems, "every object Orgspace labelled is accounted for");
        assertTrue(second.isAlive());
      } finally {
        try {
          fleet.close(); // needs a running operator: the environments' finalizers
        } finally {
          second.close();
        }
      }
    }
  }

  private static long environmentNamespaces(KubernetesClient admin, Fleet fleet) {
    return admin.namespaces().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems().stream()
        .filter(ns -> fleet.organizations.contains(ns.getMetadata().getLabels().get(Labels.ORGANIZATION)))
        .filter(ns -> ns.getMetadata().getLabels().containsKey(Labels.ENVIRONMENT))
        .count();
  }
}
