package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.access.PlatformAdmin;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the platform decides and tenants cannot: domains granted first come, first served and
 * never displaced, hosts never shadowed, limits only a platform administrator sets — on the real
 * API server, each actor through impersonation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformBoundsIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  /** Created first: the older organization of the displacement example. */
  private static final String A = "pb-a-" + SFX;
  private static final String B = "pb-b-" + SFX;
  /** Created last: a younger organization claiming B's domain. */
  private static final String C = "pb-c-" + SFX;
  private static final String LIMITED = "pb-l-" + SFX;
  private static final String B_DOMAIN = "shop.b-" + SFX + ".example";
  private static final String PLATFORM_GROUP = "platform-" + SFX;
  private static final String LEGACY = "legacy-" + SFX;
  private static KubernetesClient admin;
  private static KubernetesClient platformAdmin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    ControlPlane.installRoutingCrds(); // HTTPRoutes of other teams are watched once the Gateway API is served
    operator = OperatorProcess.start("platform-bounds-it", Map.of()).awaitReady();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(PLATFORM_GROUP).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(PlatformAdmin.CLUSTER_ROLE).endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(PLATFORM_GROUP).endSubject()
        .build()).serverSideApply();
    platformAdmin = ControlPlane.as("platform@" + SFX + ".example", PLATFORM_GROUP);
    TestOrganization.named(A).owner().domain().create(platformAdmin).awaitReady(CONVERGE);
    TestOrganization.named(B).owner().domains(B_DOMAIN).create(platformAdmin).awaitReady(CONVERGE);
    for (String org : List.of(A, B)) {
      project(org).create(admin);
    }
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> {
      admin.namespaces().withName(LEGACY).delete();
      admin.rbac().clusterRoleBindings().withName(PLATFORM_GROUP).delete();
      TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, A, B, C, LIMITED);
    });
  }

  private static TestProject project(String org) {
    return TestProject.named("shop").in(Organization.homeNamespace(org))
        .repository(GitProvider.github, "https://github.com/" + org + "/shop");
  }

  private static Environment environment(String org, String name, String host) {
    return admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: shop, image: "registry.example/shop:1"%s}
        """.formatted(name, Organization.homeNamespace(org), host == null ? "" : ", host: " + host))).create();
  }

  private static Condition awaitCondition(String org, String name, String type, String status, String reason) {
    String home = Organization.homeNamespace(org);
    Poll.until(CONVERGE, home + "/" + name + " " + type + "=" + status + " " + reason, () -> {
      Environment env = admin.resources(Environment.class).inNamespace(home).withName(name).get();
      Condition c = env == null || env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, type);
      return c != null && status.equals(c.status) && reason.equals(c.reason);
    });
    return Conditions.find(get(org, name).getStatus().conditions, type);
  }

  private static Environment get(String org, String name) {
    return admin.resources(Environment.class).inNamespace(Organization.homeNamespace(org)).withName(name).get();
  }

  private static void mergePatch(KubernetesClient client, String org, String json) {
    client.resources(Organization.class).withName(org).patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  @Test
  @Order(1)
  void anOwnerCannotChangeDomainsOrLimitsAndAPlatformAdministratorCan() {
    KubernetesClient owner = ControlPlane.as(TestOrganization.ownerOf(A));
    for (String json : List.of(
        "{\"spec\":{\"domains\":[\"" + TestOrganization.domainOf(A) + "\",\"" + B_DOMAIN + "\"]}}",
        "{\"spec\":{\"domains\":null}}",
        "{\"spec\":{\"limits\":{\"maxEnvironments\":10000}}}")) {
      KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> mergePatch(owner, A, json));
      assertEquals(403, refused.getCode(), json);
      assertTrue(refused.getMessage().contains("only a platform administrator may"), refused.getMessage());
    }
    mergePatch(owner, A, "{\"spec\":{\"displayName\":\"Still the Owner's to name\"}}");
    assertEquals("Still the Owner's to name", admin.resources(Organization.class).withName(A).get().getSpec().displayName);

    KubernetesClientException creating = assertThrows(KubernetesClientException.class, () -> ControlPlane
        .as("stranger@" + SFX + ".example").resource(TestOrganization.named("pb-x-" + SFX).domains(B_DOMAIN).build()).create());
    assertEquals(403, creating.getCode());

    mergePatch(platformAdmin, A, "{\"spec\":{\"limits\":{\"maxEnvironments\":20}}}");
    assertEquals(20, admin.resources(Organization.class).withName(A).get().getSpec().limits.maxEnvironments);
  }

  @Test
  @Order(2)
  void aDomainHeldByOneOrganizationIsNeverDisplacedByALaterClaim() {
    environment(B, "pr-1", "pr-1." + B_DOMAIN);
    awaitCondition(B, "pr-1", Condition.READY, Condition.TRUE, "Deployed");

    // The older organization A claims B's domain's parent (overlapping), a younger C claims it exactly.
    mergePatch(platformAdmin, A, "{\"spec\":{\"domains\":[\"" + TestOrganization.domainOf(A) + "\",\"b-" + SFX + ".example\"]}}");
    TestOrganization.named(C).owner().domains(B_DOMAIN).create(platformAdmin).awaitReady(CONVERGE);
    project(C).create(admin);
    environment(A, "grab", "pr-1." + B_DOMAIN);
    environment(A, "around", "www.b-" + SFX + ".example");
    environment(C, "grab", "pr-1." + B_DOMAIN);
    environment(C, "apex", B_DOMAIN);

    for (String[] refused : new String[][] {{A, "grab"}, {A, "around"}, {C, "grab"}, {C, "apex"}}) {
      Condition ready = awaitCondition(refused[0], refused[1], Condition.READY, Condition.FALSE, "DomainConflict");
      assertTrue(ready.message.contains("held by another organization"), ready.message);
      assertFalse(ready.message.contains(B), "names no other tenant: " + ready.message);
      Environment env = get(refused[0], refused[1]);
      assertNull(env.getStatus().url);
      assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
    }
    for (String org : List.of(A, C)) {
      Poll.until(CONVERGE, org + " DomainsReady=False DomainHeld", () -> {
        Organization o = admin.resources(Organization.class).withName(org).get();
        Condition c = o.getStatus() == null ? null : Conditions.find(o.getStatus().conditions, "DomainsReady");
        return c != null && Condition.FALSE.equals(c.status) && "DomainHeld".equals(c.reason)
            && c.message.contains("held by another organization") && !c.message.contains(B);
      });
    }

    Environment kept = get(B, "pr-1");
    assertEquals("https://pr-1." + B_DOMAIN, kept.getStatus().url, "B keeps its route");
    assertEquals("Deployed", Conditions.find(kept.getStatus().conditions, Condition.READY).reason);
    Ingress ingress = admin.network().v1().ingresses().inNamespace(kept.getStatus().namespace).withName("app").get();
    assertEquals("pr-1." + B_DOMAIN, ingress.getSpec().getRules().get(0).getHost());
    Organization b = admin.resources(Organization.class).withName(B).get();
    assertTrue(Conditions.isTrue(b.getStatus().conditions, "DomainsReady"));
    assertTrue(b.getStatus().domains.get(0).granted);
    assertNotNull(b.getStatus().domains.get(0).heldSince);
  }

  @Test
  @Order(3)
  void aHostAnotherTeamsIngressServesIsNeverShadowed() {
    String host = "legacy." + TestOrganization.domainOf(A);
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(LEGACY).endMetadata().build()).create();
    // Orgspace's label on it proves nothing: it is not in an environment's namespace.
    admin.network().v1().ingresses().inNamespace(LEGACY).resource(new IngressBuilder()
        .withNewMetadata().withName("site").withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace")).endMetadata()
        .withNewSpec().addNewRule().withHost(host).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
        .withNewBackend().withNewService().withName("site").withNewPort().withNumber(80).endPort().endService().endBackend()
        .endPath().endHttp().endRule().endSpec().build()).create();
    environment(A, "legacy", host);

    Condition ready = awaitCondition(A, "legacy", Condition.READY, Condition.FALSE, "HostTaken");
    assertTrue(ready.message.contains("served by an Ingress Orgspace did not make"), ready.message);
    Environment env = get(A, "legacy");
    assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
    assertEquals(host, admin.network().v1().ingresses().inNamespace(LEGACY).withName("site").get()
        .getSpec().getRules().get(0).getHost(), "the other team's Ingress is untouched");

    String gatewayHost = "gw." + TestOrganization.domainOf(A);
    admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(LEGACY)
        .resource(ControlPlane.load(GenericKubernetesResource.class, """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: site, namespace: %s}
            spec: {hostnames: ["%s"]}
            """.formatted(LEGACY, gatewayHost))).create();
    environment(A, "gateway", gatewayHost);
    Condition byRoute = awaitCondition(A, "gateway", Condition.READY, Condition.FALSE, "HostTaken");
    assertTrue(byRoute.message.contains("served by an HTTPRoute Orgspace did not make"), byRoute.message);

    // A wildcard hostname covers the names under it.
    admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(LEGACY)
        .resource(ControlPlane.load(GenericKubernetesResource.class, """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: wildcard, namespace: %s}
            spec: {hostnames: ["*.wild.%s"]}
            """.formatted(LEGACY, TestOrganization.domainOf(A)))).create();
    environment(A, "under-wildcard", "shop.wild." + TestOrganization.domainOf(A));
    awaitCondition(A, "under-wildcard", Condition.READY, Condition.FALSE, "HostTaken");
  }

  @Test
  @Order(4)
  void environmentsBeyondTheLimitGetNoNamespaceAndQuotasAreCapped() {
    TestOrganization.named(LIMITED).owner().domain().defaultQuota("pods", "50").create(platformAdmin).awaitReady(CONVERGE);
    mergePatch(platformAdmin, LIMITED, "{\"spec\":{\"limits\":{\"maxEnvironments\":1,\"maxQuota\":{\"pods\":\"5\"}}}}");
    project(LIMITED).create(admin);
    environment(LIMITED, "first", null);
    awaitCondition(LIMITED, "first", Condition.READY, Condition.TRUE, "Deployed");
    environment(LIMITED, "second", null);

    Condition refused = awaitCondition(LIMITED, "second", Condition.READY, Condition.FALSE, "LimitExceeded");
    assertTrue(refused.message.contains("maxEnvironments"), refused.message);
    assertNull(get(LIMITED, "second").getStatus().namespace);
    assertNull(admin.namespaces().withName(TenantNamespaces.environment(LIMITED, "shop", "second")).get(), "no half-made environment");

    Condition capped = awaitCondition(LIMITED, "first", "WithinLimits", Condition.FALSE, "LimitExceeded");
    assertTrue(capped.message.contains("pods=50 (maximum 5)"), capped.message);
    ResourceQuota quota = admin.resourceQuotas().inNamespace(get(LIMITED, "first").getStatus().namespace).withName(EnvironmentObjects.QUOTA).get();
    assertEquals("5", quota.getSpec().getHard().get("pods").toString());
  }
}
