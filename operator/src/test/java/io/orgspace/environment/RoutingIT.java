package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Routing;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.Nginx;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other routing flavours on the real API server, with the real CRDs of Gateway API, Envoy
 * Gateway and Traefik: an HTTPRoute protected by a SecurityPolicy, an Ingress protected by a
 * Traefik Middleware.
 */
class RoutingIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "route-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    ControlPlane.installRoutingCrds();
    operator = OperatorProcess.start("routing-it", Map.of("ORGSPACE_INGRESS_CONTROLLER", "traefik",
        "ORGSPACE_GATEWAY", "infra/public")).awaitReady();
    TestOrganization.named(ORG).domain().create(admin).awaitHome(CONVERGE);
    for (String[] p : new String[][] {{"web", "Ingress"}, {"gw", "HTTPRoute"}}) {
      TestProject.named(p[0]).in(HOME).repository(GitProvider.github, "https://github.com/acme/" + p[0])
          .previewDomain(p[0] + "." + ORG + ".example").previewImage("registry.example/" + p[0] + ":{{sha}}")
          .previewBasicAuth().previewRouting(Routing.valueOf(p[1])).create(admin);
      admin.resource(ControlPlane.load(Environment.class, "apiVersion: orgspace.io/v1alpha1\nkind: Environment\n"
          + "metadata: {name: " + p[0] + "-pr-1, namespace: " + HOME + "}\n"
          + "spec: {project: " + p[0] + ", pullRequest: {number: 1, headSha: abc1234}}\n")).create();
    }
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  private static void awaitDeployed(String name) {
    Poll.until(CONVERGE, name + " Deployed", () -> {
      Environment env = admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
      Condition ready = env == null || env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, Condition.READY);
      return ready != null && "Deployed".equals(ready.reason);
    });
  }

  private static GenericKubernetesResource generic(String apiVersion, String kind, String namespace, String name) {
    return admin.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
  }

  private static String data(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void anHttpRouteIsProtectedByAnEnvoyGatewaySecurityPolicy() throws Exception {
    awaitDeployed("gw-pr-1");
    String ns = TenantNamespaces.environment(ORG, "gw", "pr-1");
    Poll.until(CONVERGE, "route and policy", () -> admin.resources(HTTPRoute.class).inNamespace(ns).withName("app").get() != null
        && generic("gateway.envoyproxy.io/v1alpha1", "SecurityPolicy", ns, "basic-auth") != null);
    HTTPRoute route = admin.resources(HTTPRoute.class).inNamespace(ns).withName("app").get();
    assertEquals(java.util.List.of("pr-1.gw." + ORG + ".example"), route.getSpec().getHostnames());
    assertEquals("public", route.getSpec().getParentRefs().get(0).getName());
    assertEquals("infra", route.getSpec().getParentRefs().get(0).getNamespace());
    assertNull(admin.resources(Ingress.class).inNamespace(ns).withName("app").get(), "no Ingress beside the route");
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) generic("gateway.envoyproxy.io/v1alpha1", "SecurityPolicy", ns, "basic-auth")
        .getAdditionalProperties().get("spec");
    assertTrue(spec.toString().contains("HTTPRoute") && spec.toString().contains("basic-auth"), spec.toString());

    Secret htpasswd = admin.secrets().inNamespace(ns).withName("basic-auth").get();
    assertTrue(data(htpasswd, ".htpasswd").contains(":{SHA}"), "Envoy Gateway's format");
    Secret credentials = admin.secrets().inNamespace(HOME).withName("gw-pr-1-basic-auth").get();
    OkHttpClient http = new OkHttpClient();
    try (Nginx nginx = Nginx.withBasicAuth(data(htpasswd, ".htpasswd"))) {
      try (Response none = http.newCall(new Request.Builder().url(nginx.url()).build()).execute()) {
        assertEquals(401, none.code());
      }
      try (Response right = http.newCall(new Request.Builder().url(nginx.url()).header("Authorization",
          Credentials.basic(data(credentials, "username"), data(credentials, "password"))).build()).execute()) {
        assertEquals(200, right.code(), "the {SHA} line verifies the credentials");
      }
    }
  }

  @Test
  void anIngressIsProtectedByATraefikMiddleware() {
    awaitDeployed("web-pr-1");
    String ns = TenantNamespaces.environment(ORG, "web", "pr-1");
    Poll.until(CONVERGE, "middleware", () -> generic("traefik.io/v1alpha1", "Middleware", ns, "basic-auth") != null);
    Ingress ingress = admin.resources(Ingress.class).inNamespace(ns).withName("app").get();
    assertEquals(ns + "-basic-auth@kubernetescrd",
        ingress.getMetadata().getAnnotations().get("traefik.ingress.kubernetes.io/router.middlewares"));
    assertNull(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-type"));
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) generic("traefik.io/v1alpha1", "Middleware", ns, "basic-auth")
        .getAdditionalProperties().get("spec");
    assertEquals("basic-auth", ((Map<String, Object>) spec.get("basicAuth")).get("secret"));
    Secret htpasswd = admin.secrets().inNamespace(ns).withName("basic-auth").get();
    assertTrue(data(htpasswd, "users").contains(":$2y$"), "Traefik reads bcrypt from the users key");
    assertNull(htpasswd.getData().get(".htpasswd"), "no weak {SHA} line where no Envoy Gateway needs it");
  }
}
