package io.orgspace.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.common.Conditions;
import io.orgspace.environment.EnvironmentObjects;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election; the leader is killed with SIGKILL (it cannot give the lease
 * up). Everything that happens before the standby takes over — creations, an update, a deletion,
 * a new member — is converged by the new leader: no event is lost.
 */
class LeaderHandOverIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  private static Map<String, String> replica(String name, String lease) {
    return Map.of("ORGSPACE_LEADER_ELECTION", "true", "ORGSPACE_LEASE_NAMESPACE", "default",
        "ORGSPACE_LEASE_NAME", lease, "POD_NAME", name);
  }

  @Test
  void eventsWhileTheLeaderIsDeadAreNotLost() throws Exception {
    KubernetesClient admin = ControlPlane.admin();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String lease = "orgspace-handover-" + suffix;
    // Closed in reverse order: the fleet's clean-up needs the surviving replica (finalizers).
    try (OperatorProcess a = OperatorProcess.start("handover-a", replica("replica-a", lease));
         OperatorProcess b = OperatorProcess.start("handover-b", replica("replica-b", lease));
         Fleet fleet = new Fleet(admin, "lho", suffix, 2)) {
      a.awaitReady();
      b.awaitReady();
      Poll.until(CONVERGE, "a lease holder", () -> holder(admin, lease) != null);
      String leader = holder(admin, lease);
      OperatorProcess leading = leader.equals("replica-a") ? a : b;
      OperatorProcess standing = leading == a ? b : a;
      String standby = leading == a ? "replica-b" : "replica-a";

      fleet.createOrganizations();
      fleet.createEnvironments(1, 5);
      fleet.awaitConverged(10, CONVERGE);
      String org = fleet.organizations.get(0);

      leading.kill();
      long killed = System.nanoTime();
      // Before the standby can take over (the dead leader's lease runs 15 s): every kind of change.
      fleet.createEnvironments(6, 10);
      fleet.deleteEnvironments(5, 5);
      admin.resources(Environment.class).inNamespace(Fleet.home(org)).withName(Fleet.environmentName(1))
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"pullRequest\":{\"headSha\":\"cccc0001\"}}}");
      admin.resource(fleet.membership(org, "late", "Manager")).create();
      assertEquals(leader, holder(admin, lease), "the changes were made before the hand-over");

      Poll.until(CONVERGE, "the standby holds the lease", () -> standby.equals(holder(admin, lease)));
      long tookOver = System.nanoTime();
      fleet.awaitConverged(2 * 9, CONVERGE);
      Poll.until(CONVERGE, "the update deployed", () -> ("registry.example/shop:cccc0001").equals(admin.apps().deployments()
          .inNamespace(TenantNamespaces.environment(org, "shop", "pr-1")).withName(EnvironmentObjects.APP).get().getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage()));
      Poll.until(CONVERGE, "the late member bound", () -> {
        Membership late = admin.resources(Membership.class).inNamespace(Fleet.home(org)).withName("late").get();
        return late != null && late.getStatus() != null && Conditions.isTrue(late.getStatus().conditions, Condition.READY);
      });
      long converged = System.nanoTime();
      System.out.printf("leader hand-over after SIGKILL: lease taken over %d ms after the kill; everything made"
              + " meanwhile converged %d ms after the kill%n", Duration.ofNanos(tookOver - killed).toMillis(),
          Duration.ofNanos(converged - killed).toMillis());

      assertTrue(standing.isAlive());
      assertTrue(standing.log().contains(standby + " leads"), "the standby logs its leadership");
      assertNotEquals(leader, holder(admin, lease));
      assertEquals(List.of(), fleet.auditSettled(Duration.ofSeconds(30)));
    } finally {
      admin.leases().inNamespace("default").withName(lease).delete();
    }
  }

  private static String holder(KubernetesClient admin, String lease) {
    var l = admin.leases().inNamespace("default").withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
