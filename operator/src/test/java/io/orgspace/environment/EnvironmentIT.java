package io.orgspace.environment;

import static io.orgspace.testing.Requests.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.Nginx;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.Requests;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Preview environments on the real API server, with their basic auth checked by a real nginx. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvironmentIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "env-" + SFX;
  private static final String RIVAL = "env-rival-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String DOMAIN = "shop." + ORG + ".example";
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("environment-it", Map.of("ORGSPACE_INGRESS_CLASS", "nginx")).awaitReady();
    TestOrganization.named(ORG).owner().domain().defaultQuota("pods", "10").defaultQuota("requests.cpu", "2")
        .create(admin).awaitHome(CONVERGE);
    for (String[] m : new String[][] {{"dev", "Developer"}, {"support", "Support"}, {"manager", "Manager"}}) {
      TestMembership.create(admin, HOME, m[0], m[0] + "@" + ORG + ".example", Role.valueOf(m[1]));
    }
    project(HOME, ORG).create(admin);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG, RIVAL));
  }

  private static TestProject project(String namespace, String org) {
    return TestProject.named("shop").in(namespace).repository(GitProvider.github, "https://github.com/" + org + "/shop")
        .previewDomain(DOMAIN).previewImage("registry.example/shop:{{sha}}").previewPort(8080).previewBasicAuth()
        .variable("LOG_LEVEL", "info").file("app.yaml", "feature: on");
  }

  private static Environment environment(String namespace, String name, String spec) {
    return ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: %s
        """.formatted(name, namespace, spec));
  }

  private static Environment get(String namespace, String name) {
    return admin.resources(Environment.class).inNamespace(namespace).withName(name).get();
  }

  private static Environment awaitCondition(String namespace, String name, String status, String reason) {
    Poll.until(CONVERGE, namespace + "/" + name + " Ready=" + status + " " + reason, () -> {
      Environment env = get(namespace, name);
      Condition ready = env == null || env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, Condition.READY);
      return ready != null && status.equals(ready.status) && reason.equals(ready.reason)
          && env.getMetadata().getGeneration().equals(ready.observedGeneration);
    });
    return get(namespace, name);
  }

  private static <T extends HasMetadata> T in(Class<T> type, String namespace, String name) {
    return admin.resources(type).inNamespace(namespace).withName(name).get();
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void anEnvironmentGetsItsNamespaceWorkloadAndIngress() {
    admin.resource(environment(HOME, "shop-pr-42",
        "{project: shop, pullRequest: {number: 42, headSha: abc1234, branch: feature/cart}, variables: {CART: v2}}")).create();
    Environment env = awaitCondition(HOME, "shop-pr-42", "True", "Deployed");
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");

    assertEquals(ns, env.getStatus().namespace);
    assertEquals("https://pr-42." + DOMAIN, env.getStatus().url);
    assertNotNull(env.getStatus().expiresAt);
    var labels = admin.namespaces().withName(ns).get().getMetadata().getLabels();
    assertEquals(ORG, labels.get("orgspace.io/organization"));
    assertEquals("shop", labels.get("orgspace.io/project"));
    assertEquals("shop-pr-42", labels.get("orgspace.io/environment"));
    assertEquals("orgspace", labels.get("app.kubernetes.io/managed-by"));

    Deployment deployment = in(Deployment.class, ns, "app");
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("registry.example/shop:abc1234", container.getImage());
    assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("CART") && e.getValue().equals("v2")));
    assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("LOG_LEVEL")));
    assertNotNull(in(io.fabric8.kubernetes.api.model.Service.class, ns, "app"));
    assertNotNull(in(io.fabric8.kubernetes.api.model.ConfigMap.class, ns, EnvironmentObjects.FILES));
    IPBlock internet = in(NetworkPolicy.class, ns, EnvironmentObjects.ISOLATION).getSpec().getEgress().stream()
        .flatMap(egress -> egress.getTo().stream()).map(NetworkPolicyPeer::getIpBlock).filter(Objects::nonNull)
        .findFirst().orElseThrow();
    assertEquals("0.0.0.0/0", internet.getCidr());
    assertTrue(internet.getExcept().containsAll(List.of("10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16")),
        "private, carrier-grade NAT and link-local (the cloud metadata address) are not the internet");
    List<String> serviceRanges = admin.genericKubernetesResources("networking.k8s.io/v1", "ServiceCIDR").list().getItems()
        .stream().flatMap(range -> ((List<?>) ((Map<?, ?>) range.getAdditionalProperties().get("spec")).get("cidrs")).stream())
        .map(String::valueOf).filter(cidr -> !cidr.contains(":")).toList();
    assertFalse(serviceRanges.isEmpty(), "the control plane reports its service range");
    assertTrue(internet.getExcept().containsAll(serviceRanges), "nor the cluster's services " + serviceRanges);
    assertEquals("10", in(io.fabric8.kubernetes.api.model.ResourceQuota.class, ns, EnvironmentObjects.QUOTA)
        .getSpec().getHard().get("pods").toString(), "the organization's default quota");
    assertNotNull(in(io.fabric8.kubernetes.api.model.LimitRange.class, ns, EnvironmentObjects.LIMITS));
    Ingress ingress = in(Ingress.class, ns, "app");
    assertEquals("pr-42." + DOMAIN, ingress.getSpec().getRules().get(0).getHost());
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    assertEquals("basic", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-type"));
    assertNotNull(in(Secret.class, ns, EnvironmentObjects.HTPASSWD));
    assertNotNull(in(Secret.class, HOME, "shop-pr-42-basic-auth"));
    Poll.until(CONVERGE, "the organization's role bindings in " + ns, () -> admin.rbac().roleBindings().inNamespace(ns)
        .list().getItems().stream().filter(b -> b.getMetadata().getName().startsWith("orgspace-")).count() == 4);
  }

  @Test
  @Order(2)
  void basicAuthCredentialsOpenTheHostInARealNginx() throws Exception {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    String htpasswd = decode(in(Secret.class, ns, EnvironmentObjects.HTPASSWD), "auth");
    Secret credentials;
    try (KubernetesClient support = ControlPlane.as("support@" + ORG + ".example")) {
      credentials = support.secrets().inNamespace(HOME).withName("shop-pr-42-basic-auth").get();
    }
    assertNotNull(credentials, "members may read their environments' credentials");
    String username = decode(credentials, "username");
    String password = decode(credentials, "password");
    assertTrue(password.length() >= 20);

    OkHttpClient http = new OkHttpClient();
    try (Nginx nginx = Nginx.withBasicAuth(htpasswd)) {
      try (Response none = http.newCall(new Request.Builder().url(nginx.url()).build()).execute()) {
        assertEquals(401, none.code());
      }
      try (Response wrong = http.newCall(new Request.Builder().url(nginx.url())
          .header("Authorization", Credentials.basic(username, password + "x")).build()).execute()) {
        assertEquals(401, wrong.code());
      }
      try (Response right = http.newCall(new Request.Builder().url(nginx.url())
          .header("Authorization", Credentials.basic(username, password)).build()).execute()) {
        assertEquals(200, right.code());
      }
    }
    try (KubernetesClient manager = ControlPlane.as("manager@" + ORG + ".example")) {
      assertFalse(allowed(manager, c -> c.secrets().inNamespace(HOME).list()), "only the credentials, by name");
    }
  }

  @Test
  @Order(3)
  void changingTheImageOrVariablesRollsTheDeployment() {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    admin.resources(Environment.class).inNamespace(HOME).withName("shop-pr-42").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"image\":\"registry.example/shop:def5678\",\"variables\":{\"CART\":\"v3\"}}}");
    Poll.until(CONVERGE, "deployment rolled", () -> {
      var container = in(Deployment.class, ns, "app").getSpec().getTemplate().getSpec().getContainers().get(0);
      return container.getImage().equals("registry.example/shop:def5678")
          && container.getEnv().stream().anyMatch(e -> e.getName().equals("CART") && e.getValue().equals("v3"));
    });
  }

  @Test
  @Order(4)
  void aHandDeletedNetworkPolicyOrIngressIsRestored() {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    String policyUid = in(NetworkPolicy.class, ns, EnvironmentObjects.ISOLATION).getMetadata().getUid();
    String ingressUid = in(Ingress.class, ns, "app").getMetadata().getUid();
    admin.resources(NetworkPolicy.class).inNamespace(ns).withName(EnvironmentObjects.ISOLATION).delete();
    admin.resources(Ingress.class).inNamespace(ns).withName("app").delete();
    Poll.until(CONVERGE, "network policy and ingress restored", () -> {
      NetworkPolicy policy = in(NetworkPolicy.class, ns, EnvironmentObjects.ISOLATION);
      Ingress ingress = in(Ingress.class, ns, "app");
      return policy != null && ingress != null && !policy.getMetadata().getUid().equals(policyUid)
          && !ingress.getMetadata().getUid().equals(ingressUid);
    });
  }

  @Test
  @Order(5)
  void serverRowsOfTheMatrixHoldInTheEnvironmentNamespace() {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    Poll.until(CONVERGE, "default ServiceAccount", () -> admin.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    admin.resource(new PodBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/shop:1").endContainer().endSpec()
        .build()).create();
    Requests.Action viewServers = c -> {
      c.pods().inNamespace(ns).withName("web").require();
      c.apps().deployments().inNamespace(ns).withName("app").require();
      c.services().inNamespace(ns).list();
    };
    Requests.Action exec = c -> {
      if (Requests.post(c, "/api/v1/namespaces/" + ns + "/pods/web/exec?command=ls&stdout=true") == 403) {
        throw new io.fabric8.kubernetes.client.KubernetesClientException("refused", 403, null);
      }
    };
    Map<String, boolean[]> expected = Map.of(
        "owner", new boolean[] {true, true}, "dev", new boolean[] {true, true},
        "support", new boolean[] {true, false}, "manager", new boolean[] {true, false});
    expected.forEach((who, rights) -> {
      try (KubernetesClient client = ControlPlane.as(who + "@" + ORG + ".example")) {
        assertEquals(rights[0], allowed(client, viewServers), who + " views servers");
        assertEquals(rights[1], allowed(client, exec), who + " execs into servers");
      }
    });
    try (KubernetesClient stranger = ControlPlane.as("owner@elsewhere-" + SFX + ".example")) {
      assertFalse(allowed(stranger, viewServers));
      assertFalse(allowed(stranger, c -> c.secrets().inNamespace(HOME).withName("shop-pr-42-basic-auth").require()));
    }
  }

  @Test
  @Order(6)
  void domainTakeoverIsRefusedWhileTheOthersKeepReconciling() {
    admin.resource(environment(HOME, "foreign", "{project: shop, image: \"registry.example/shop:1\", host: shop.evil.example}")).create();
    admin.resource(environment(HOME, "duplicate", "{project: shop, image: \"registry.example/shop:1\", host: pr-42." + DOMAIN + "}")).create();
    TestOrganization.named(RIVAL).domains(DOMAIN).create(admin).awaitHome(CONVERGE);
    project("org-" + RIVAL, RIVAL).create(admin);
    admin.resource(environment("org-" + RIVAL, "grab", "{project: shop, pullRequest: {number: 7, headSha: abc1234}}")).create();
    admin.resource(environment(HOME, "fine", "{project: shop, pullRequest: {number: 43, headSha: abc1234}}")).create();

    Environment foreign = awaitCondition(HOME, "foreign", "False", "DomainNotOwned");
    Environment duplicate = awaitCondition(HOME, "duplicate", "False", "HostConflict");
    Environment grab = awaitCondition("org-" + RIVAL, "grab", "False", "DomainConflict");
    awaitCondition(HOME, "fine", "True", "Deployed");
    for (Environment refused : List.of(foreign, duplicate, grab)) {
      assertNull(refused.getStatus().url);
      assertNull(in(Ingress.class, refused.getStatus().namespace, "app"), "no ingress for " + refused.getMetadata().getName());
      assertTrue(Conditions.find(refused.getStatus().conditions, Condition.READY).message.contains("no ingress"));
    }
    assertEquals("https://pr-42." + DOMAIN, get(HOME, "shop-pr-42").getStatus().url, "the first holder keeps its host");
  }

  @Test
  @Order(7)
  void disablingBasicAuthRemovesIt() {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    admin.resources(Environment.class).inNamespace(HOME).withName("shop-pr-42").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"basicAuth\":{\"enabled\":false}}}");
    Poll.until(CONVERGE, "basic auth removed", () -> in(Secret.class, ns, EnvironmentObjects.HTPASSWD) == null
        && in(Ingress.class, ns, "app").getMetadata().getAnnotations().keySet().stream()
            .noneMatch(key -> key.startsWith("nginx.ingress.kubernetes.io/auth")));
  }

  @Test
  @Order(8)
  void deletingAnEnvironmentLeavesNothingBehind() {
    String ns = TenantNamespaces.environment(ORG, "shop", "pr-42");
    admin.resources(Environment.class).inNamespace(HOME).withName("shop-pr-42").delete();
    Poll.until(CONVERGE, "namespace and credentials gone", () -> admin.namespaces().withName(ns).get() == null
        && in(Secret.class, HOME, "shop-pr-42-basic-auth") == null && get(HOME, "shop-pr-42") == null);
  }

  @Test
  @Order(9)
  void anExpiredEnvironmentIsDeleted() {
    String expiresAt = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
    admin.resource(environment(HOME, "short-lived", "{project: shop, image: \"registry.example/shop:1\", expiresAt: \""
        + expiresAt + "\"}")).create();
    Environment env = awaitCondition(HOME, "short-lived", "True", "Deployed");
    assertEquals(expiresAt, env.getStatus().expiresAt);
    Poll.until(CONVERGE, "expired environment deleted", () -> get(HOME, "short-lived") == null
        && admin.namespaces().withName(TenantNamespaces.environment(ORG, "shop", "short-lived")).get() == null);
  }

  @Test
  @Order(10)
  void fiftyEnvironmentsConverge() {
    long start = System.nanoTime();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      names.add("load-" + i);
      admin.resource(environment(HOME, "load-" + i,
          "{project: shop, pullRequest: {number: " + (1000 + i) + ", headSha: abc1234}}")).create();
    }
    Poll.until(Duration.ofMinutes(5), "50 environments Ready", () -> admin.resources(Environment.class).inNamespace(HOME)
        .list().getItems().stream().filter(e -> names.contains(e.getMetadata().getName()))
        .filter(e -> e.getStatus() != null && Conditions.isTrue(e.getStatus().conditions, Condition.READY)).count() == 50);
    System.out.printf("50 environments Ready in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
    Poll.until(Duration.ofMinutes(2), "role bindings in all 50 namespaces", () -> names.stream().allMatch(n ->
        admin.rbac().roleBindings().inNamespace(TenantNamespaces.environment(ORG, "shop", "pr-" + (1000 + Integer.parseInt(n.substring(5)))))
            .withName("orgspace-developer").get() != null));
    System.out.printf("50 environments Ready with role bindings in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  @Test
  @Order(11)
  void anEnvironmentAppliedAfterItsExpiryIsDeletedWithoutAnyObjectOfItsOwn() throws Exception {
    String ns = TenantNamespaces.environment(ORG, "shop", "stale");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = admin.namespaces().withName(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Namespace namespace) {
        seen.add(action + " " + namespace.getMetadata().getName());
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      String expiredAt = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString();
      admin.resource(environment(HOME, "stale", "{project: shop, image: \"registry.example/shop:1\", expiresAt: \""
          + expiredAt + "\"}")).create();
      Poll.until(CONVERGE, "expired environment deleted", () -> get(HOME, "stale") == null);
      // Watch events may trail that answer: one more environment's round trip through the operator bounds them.
      admin.resource(environment(HOME, "stale-marker", "{project: shop, image: \"registry.example/shop:1\"}")).create();
      awaitCondition(HOME, "stale-marker", "True", "Deployed");
      admin.resources(Environment.class).inNamespace(HOME).withName("stale-marker").delete();
    }
    assertEquals(List.of(), seen, "no namespace was ever made for an environment that had expired when applied");
    assertNull(admin.secrets().inNamespace(HOME).withName(Environment.credentialsSecretName("stale")).get());
  }
}
