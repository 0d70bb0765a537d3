package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Organization;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election: one reconciles; when it stops, the other takes over. */
class LeaderElectionIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  private static Map<String, String> replica(String name, String lease) {
    return Map.of("ORGSPACE_LEADER_ELECTION", "true", "ORGSPACE_LEASE_NAMESPACE", "default",
        "ORGSPACE_LEASE_NAME", lease, "POD_NAME", name);
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOver() throws Exception {
    KubernetesClient client = ControlPlane.admin();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String lease = "orgspace-it-" + suffix;
    String first = "it-leader-a-" + suffix;
    String second = "it-leader-b-" + suffix;
    try (OperatorProcess a = OperatorProcess.start("leader-a", replica("replica-a", lease));
         OperatorProcess b = OperatorProcess.start("leader-b", replica("replica-b", lease))) {
      a.awaitReady();
      b.awaitReady();
      Poll.until(CONVERGE, "a lease holder", () -> {
        var l = client.leases().inNamespace("default").withName(lease).get();
        return l != null && l.getSpec().getHolderIdentity() != null;
      });
      String leader = client.leases().inNamespace("default").withName(lease).get().getSpec().getHolderIdentity();
      OperatorProcess leading = leader.equals("replica-a") ? a : b;
      OperatorProcess standing = leading == a ? b : a;

      TestOrganization.named(first).create(client).awaitReady(CONVERGE);
      // The log line follows the status write the wait saw: poll for it.
      Poll.until(CONVERGE, "the leader logs its reconcile", () -> leading.log().contains("organization reconcile " + first));
      assertTrue(!standing.log().contains("organization reconcile " + first), "the other replica stands by");

      long stoppedAt = System.nanoTime();
      assertEquals(0, leading.terminate(Duration.ofSeconds(10)));
      TestOrganization.named(second).create(client).awaitReady(CONVERGE);
      System.out.printf("leader hand-over: organization reconciled by the new leader %d ms after the old one stopped%n",
          Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
      Poll.until(CONVERGE, "the standby took over", () -> standing.log().contains("organization reconcile " + second));

      for (String name : new String[] {first, second}) {
        client.resources(Organization.class).withName(name).delete();
      }
      Poll.until(CONVERGE, "namespaces of both organizations deleted by the new leader",
          () -> client.namespaces().withName("org-" + first).get() == null
              && client.namespaces().withName("org-" + second).get() == null);
    } finally {
      // If an assertion failed, no operator is left to finish the deletion: do it by hand.
      for (String name : new String[] {first, second}) {
        if (client.resources(Organization.class).withName(name).get() == null) {
          continue;
        }
        client.resources(Organization.class).withName(name).edit(o -> {
          o.getMetadata().setFinalizers(java.util.List.of());
          return o;
        });
        client.resources(Organization.class).withName(name).delete();
        client.namespaces().withName("org-" + name).delete();
      }
    }
  }
}
