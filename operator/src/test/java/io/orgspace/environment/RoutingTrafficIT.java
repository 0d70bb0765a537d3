package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Routing;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.PodNetwork;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.testing.Traefik;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real HTTP requests through a real Traefik to previews whose pods the simulated node runs, for
 * each routing flavour Traefik serves: an Ingress with a Traefik Middleware, and a Gateway API
 * HTTPRoute whose basic auth is the same Middleware named by an ExtensionRef filter. The pods'
 * addresses exist only in a network namespace this test makes ({@link PodNetwork}); requests go to
 * Traefik on loopback, Traefik forwards them there. Also: Ready follows the workload's rollout.
 */
class RoutingTrafficIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "traffic-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final int POD_PORT = EnvironmentPlan.DEFAULT_PORT;
  private static KubernetesClient admin;
  private static PodNetwork pods;
  private static Traefik traefik;
  private static OperatorProcess operator;
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @BeforeAll
  static void setUp() throws Exception {
    admin = ControlPlane.admin();
    ControlPlane.installRoutingCrds();
    pods = PodNetwork.start(POD_PORT);
    traefik = Traefik.start();
    operator = OperatorProcess.start("routing-traffic-it", Map.of(
        "ORGSPACE_INGRESS_CONTROLLER", "traefik", "ORGSPACE_INGRESS_CLASS", traefik.ingressClass(),
        "ORGSPACE_GATEWAY", traefik.gateway(), "ORGSPACE_GATEWAY_CONTROLLER", "traefik")).awaitReady(CONVERGE);
    TestOrganization.named(ORG).domain().create(admin).awaitHome(CONVERGE);
    for (String[] p : new String[][] {{"web", "Ingress"}, {"gw", "HTTPRoute"}, {"slow", "Ingress"}}) {
      TestProject.named(p[0]).in(HOME).repository(GitProvider.github, "https://github.com/acme/" + p[0])
          .previewDomain(p[0] + "." + ORG + ".example").previewImage("registry.example/" + p[0] + ":{{sha}}")
          .previewBasicAuth().previewRouting(Routing.valueOf(p[1])).create(admin);
    }
    for (String project : List.of("web", "gw")) {
      for (int pr : List.of(1, 2)) {
        createEnvironment(project, pr, "");
      }
    }
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    try {
      if (operator != null) {
        operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
      }
    } finally {
      if (traefik != null) {
        traefik.close();
      }
      if (pods != null) {
        pods.close();
      }
    }
  }

  private static void createEnvironment(String project, int pr, String extraSpec) {
    admin.resource(ControlPlane.load(Environment.class, "apiVersion: orgspace.io/v1alpha1\nkind: Environment\n"
        + "metadata: {name: " + project + "-pr-" + pr + ", namespace: " + HOME + "}\n"
        + "spec: {project: " + project + ", pullRequest: {number: " + pr + ", headSha: abc1234}" + extraSpec + "}\n"))
        .create();
  }

  private static Environment environment(String name) {
    return admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
  }

  private static Condition condition(String name, String type) {
    Environment env = environment(name);
    return env == null || env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, type);
  }

  private static Condition awaitReady(String name, String status, String reason) {
    Poll.until(CONVERGE, name + " Ready=" + status + " " + reason, () -> {
      Condition ready = condition(name, Condition.READY);
      return ready != null && status.equals(ready.status) && reason.equals(ready.reason);
    });
    return condition(name, Condition.READY);
  }

  private static String[] credentials(String environment) {
    var secrets = admin.secrets().inNamespace(HOME).withName(environment + "-basic-auth");
    Poll.until(CONVERGE, environment + "'s credentials", () -> secrets.get() != null);
    Secret secret = secrets.get();
    return new String[] {decode(secret, "username"), decode(secret, "password")};
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** Status code and body of GET / through Traefik with this Host header and, when given, credentials. */
  private static String[] get(String host, String user, String password) {
    Request.Builder request = new Request.Builder().url(traefik.url() + "/").header("Host", host);
    if (user != null) {
      request.header("Authorization", Credentials.basic(user, password));
    }
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return new String[] {Integer.toString(response.code()), response.body().string()};
    } catch (IOException e) {
      throw new IllegalStateException("request to Traefik failed: " + e.getMessage() + "\n" + traefik.log(), e);
    }
  }

  private static void awaitStatus(String host, String user, String password, int code) {
    Poll.until(CONVERGE, host + " answering " + code, () -> Integer.parseInt(get(host, user, password)[0]) == code);
  }

  private static Set<String> podAddresses(String environment) {
    return admin.pods().inNamespace(environment(environment).getStatus().namespace).list().getItems().stream()
        .map(Pod::getStatus).filter(s -> s != null && s.getPodIP() != null).map(s -> s.getPodIP())
        .collect(Collectors.toSet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "gw"})
  void aPreviewServesThroughTraefikOnlyWithItsOwnCredentials(String project) {
    String name = project + "-pr-1";
    String host = "pr-1." + project + "." + ORG + ".example";
    Condition ready = awaitReady(name, Condition.TRUE, "Deployed");
    assertTrue(ready.message.contains(host), ready.message);
    assertNotNull(environment(name).getStatus().rollout.seconds, "the time the rollout took");
    String[] right = credentials(name);
    awaitStatus(host, right[0], right[1], 200);

    String[] served = get(host, right[0], right[1]);
    assertEquals("200", served[0]);
    String podAddress = served[1].split(" ")[1];
    assertTrue(podAddresses(name).contains(podAddress), "served by a pod of " + name + ": " + served[1]);
    assertTrue(served[1].contains("host " + host), served[1]);
    assertEquals("401", get(host, null, null)[0], "no credentials");
    assertEquals("401", get(host, right[0], right[1] + "x")[0], "wrong password");
    String[] other = credentials(project + "-pr-2");
    assertEquals("401", get(host, other[0], other[1])[0], "another preview's credentials");
    // ...which work on their own preview (made at the same time: it may still be rolling out).
    awaitReady(project + "-pr-2", Condition.TRUE, "Deployed");
    awaitStatus("pr-2." + project + "." + ORG + ".example", other[0], other[1], 200);
    assertEquals("404", get("pr-404." + project + "." + ORG + ".example", right[0], right[1])[0], "unknown host");

    admin.resources(Environment.class).inNamespace(HOME).withName(name)
        .edit(e -> {
          e.getSpec().basicAuth = new io.orgspace.api.BasicAuth();
          e.getSpec().basicAuth.enabled = false;
          return e;
        });
    awaitStatus(host, null, null, 200);

    admin.resources(Environment.class).inNamespace(HOME).withName(name).delete();
    awaitStatus(host, null, null, 404);
    awaitStatus(host, right[0], right[1], 404);
  }

  @Test
  void aPreviewWhosePodsNeverStartIsNotReadyAndSaysWhyUntilTheyDo() {
    // An image from a registry under .invalid never pulls: the simulated node reports ImagePullBackOff.
    createEnvironment("slow", 1, ", image: \"registry.invalid/slow:broken\"");
    Condition ready = awaitReady("slow-pr-1", Condition.FALSE, "ImagePullBackOff");
    assertTrue(ready.message.contains("registry.invalid/slow:broken"), ready.message);
    Condition available = condition("slow-pr-1", "Available");
    assertEquals(Condition.FALSE, available.status);
    assertEquals("ImagePullBackOff", available.reason);
    assertEquals(null, environment("slow-pr-1").getStatus().rollout.seconds, "not available: no time yet");
    String host = "pr-1.slow." + ORG + ".example";
    String[] right = credentials("slow-pr-1");
    // Routed (401 without credentials), but no pod serves: 503.
    awaitStatus(host, right[0], right[1], 503);
    assertEquals("401", get(host, null, null)[0]);

    admin.resources(Environment.class).inNamespace(HOME).withName("slow-pr-1")
        .edit(e -> {
          e.getSpec().image = "registry.example/slow:fixed";
          return e;
        });
    awaitReady("slow-pr-1", Condition.TRUE, "Deployed");
    assertEquals(Condition.TRUE, condition("slow-pr-1", "Available").status);
    Environment fixed = environment("slow-pr-1");
    assertNotNull(fixed.getStatus().rollout.seconds, "the time the fixed rollout took");
    assertEquals(fixed.getMetadata().getGeneration(), condition("slow-pr-1", Condition.READY).observedGeneration);
    awaitStatus(host, right[0], right[1], 200);
  }
}
