package io.orgspace.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Membership;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.webhook.Deliveries;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The API server restarted (stopped, started again on the same port and data) while the
 * operator converges: the same operator process recovers — without a restart of its own —
 * finishes what it was doing and converges what is created after the restart, webhooks included.
 */
class ApiServerRestartIT {
  private static final OkHttpClient HTTP = new OkHttpClient();

  @Test
  void theOperatorRecoversFromAnApiServerRestartWithoutRestarting() throws Exception {
    KubernetesClient admin = ControlPlane.admin();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    // Closed in reverse order: the fleet's clean-up needs the operator (finalizers).
    try (OperatorProcess operator = OperatorProcess.start("apiserver-restart").awaitReady();
         Fleet fleet = new Fleet(admin, "asr", suffix, 2)) {
      fleet.createOrganizations();
      fleet.createEnvironments(1, 5);
      fleet.awaitConverged(10, Duration.ofMinutes(3));
      long pid = operator.pid();

      fleet.createEnvironments(6, 20); // in flight while the API server goes away
      long converging = fleet.environments().stream().filter(env -> !Fleet.ready(env)).count();
      long stop = System.nanoTime();
      ControlPlane.restartApiServer();
      long back = System.nanoTime();
      System.out.printf("API server down and back in %d ms; %d environments were still converging when it went%n",
          Duration.ofNanos(back - stop).toMillis(), converging);

      // Made after the restart: environments, a member, and a pull request through the webhook.
      fleet.createEnvironments(21, 25);
      String org = fleet.organizations.get(0);
      admin.resource(fleet.membership(org, "late", "Manager")).create();
      var delivery = Deliveries.pullRequest(GitProvider.github, fleet.webhookSecret, "opened", 99, "abcdef9",
          "2026-11-21T10:00:00Z", false, false);
      Poll.until(Duration.ofSeconds(120), "the webhook applies a pull request after the restart",
          () -> post(operator.webhookUrl(org, Fleet.PROJECT), delivery) == 200);
      fleet.awaitConverged(2 * 25 + 1, Duration.ofMinutes(3));
      Poll.until(Duration.ofSeconds(60), "the late member bound", () -> {
        Membership late = admin.resources(Membership.class).inNamespace(Fleet.home(org)).withName("late").get();
        return late != null && late.getStatus() != null && Conditions.isTrue(late.getStatus().conditions, Condition.READY);
      });
      System.out.printf("after the API server restart: everything made after it converged %d ms after it was back%n",
          Duration.ofNanos(System.nanoTime() - back).toMillis());

      assertTrue(operator.isAlive(), "the operator did not exit");
      assertEquals(pid, operator.pid());
      Poll.until(Duration.ofSeconds(60), "the operator ready again", () -> operator.get("/readyz") == 200);
      String log = operator.log();
      assertEquals(1, log.split("orgspace operator started", -1).length - 1, "the operator started once");
      assertEquals(List.of(), fleet.auditSettled(Duration.ofSeconds(30)));
    }
  }

  private static int post(String url, Deliveries.Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return response.code();
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
