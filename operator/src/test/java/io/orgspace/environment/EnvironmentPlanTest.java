package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentStatus;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.TenantNamespaces;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentPlanTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final Organization ACME = Fixtures.organization("acme", T0, "acme.example");
  private static final Project SHOP = Fixtures.project("acme", """
      {repository: {provider: github, url: "https://github.com/acme/shop"},
       previews: {domain: shop.acme.example, image: "registry.acme.example/shop:{{sha}}", port: 9090, ttl: 48h, basicAuth: true},
       variables: {LOG_LEVEL: info, CART: v1}}
      """);

  private static EnvironmentPlan plan(Environment env, List<Organization> orgs, List<Environment> envs) {
    return EnvironmentPlan.of(env, ACME, SHOP, orgs, envs);
  }

  private static Environment pr42() {
    return Fixtures.environment("acme", "shop-pr-42", T0,
        "{project: shop, pullRequest: {number: 42, headSha: 4f9c2e1, branch: feature/cart}, variables: {CART: v2}}");
  }

  @Test
  void aPullRequestGetsItsNamespaceHostImageAndMergedVariables() {
    EnvironmentPlan plan = plan(pr42(), List.of(ACME), List.of());

    assertEquals(TenantNamespaces.environment("acme", "shop", "pr-42"), plan.namespace());
    assertTrue(plan.namespace().startsWith("env-acme-shop-pr-42-"), plan.namespace());
    assertEquals("pr-42.shop.acme.example", plan.host());
    assertEquals("https://pr-42.shop.acme.example", plan.url());
    assertEquals("registry.acme.example/shop:4f9c2e1", plan.image());
    assertEquals(9090, plan.port());
    assertEquals(Map.of("LOG_LEVEL", "info", "CART", "v2"), plan.variables(), "the environment's value wins");
    assertTrue(plan.basicAuth(), "the project's default");
    assertEquals(Instant.parse("2026-01-03T00:00:00Z"), plan.expiresAt(), "creation + the project's ttl");
    assertNull(plan.problem());
  }

  @Test
  void longNamesAreCutWithAStableHash() {
    String longName = "a".repeat(60);
    Environment named = Fixtures.environment("acme", longName, T0, "{project: shop, image: x}");
    String namespace = EnvironmentPlan.namespaceName("acme", "shop", named);

    assertEquals(63, namespace.length());
    assertEquals(namespace, EnvironmentPlan.namespaceName("acme", "shop", named));
    assertTrue(namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
  }

  @Test
  void aHostOutsideTheOrganizationsDomainsGetsNoIngress() {
    Environment env = Fixtures.environment("acme", "foreign", T0, "{project: shop, image: x, host: shop.evil.example}");
    EnvironmentPlan plan = plan(env, List.of(ACME), List.of());

    assertEquals("DomainNotOwned", plan.problem().reason());
    assertTrue(plan.deployable());
    assertFalse(plan.routable());
  }

  @Test
  void aDomainClaimedFirstByAnotherOrganizationIsRefused() {
    Organization earlier = Fixtures.organization("rival", "2025-01-01T00:00:00Z", "shop.acme.example");
    EnvironmentPlan plan = plan(pr42(), List.of(ACME, earlier), List.of());

    assertEquals("DomainConflict", plan.problem().reason());
    assertTrue(plan.problem().message().contains("held by another organization"));
    assertFalse(plan.problem().message().contains("rival"), "names the holder's kind, not the holder");
    assertTrue(plan.ownsNamespace(), "it keeps its namespace and workload, without a route");
  }

  @Test
  void aHostAnOlderEnvironmentServesIsRefused() {
    Environment older = Fixtures.environment("acme", "first", "2025-06-01T00:00:00Z", "{project: shop, image: x}");
    older.setStatus(new EnvironmentStatus());
    older.getStatus().url = "https://pr-42.shop.acme.example";
    EnvironmentPlan plan = plan(pr42(), List.of(ACME), List.of(older, pr42()));

    assertEquals("HostConflict", plan.problem().reason());
    assertFalse(plan.routable());
    assertNull(plan(older, List.of(ACME), List.of(older, pr42())).problem(), "the older one keeps it");
  }

  @Test
  void anOlderOrganizationAddingAHeldDomainDisplacesNothing() {
    // b claimed shop.b.example in 2026; a (created in 2020) claims it, and a.example around it, later.
    Organization b = Fixtures.organization("b", T0, "shop.b.example");
    Organization a = Fixtures.claimed(Fixtures.organization("a", "2020-01-01T00:00:00Z", "a.example"),
        "2026-03-01T00:00:00Z", "shop.b.example", "b.example");
    Environment ofB = Fixtures.environment("b", "pr-1", T0, "{project: shop, image: x, host: pr-1.shop.b.example}");
    Environment ofA = Fixtures.environment("a", "grab", "2020-01-02T00:00:00Z",
        "{project: shop, image: x, host: pr-1.shop.b.example}");
    Environment overlapping = Fixtures.environment("a", "around", "2020-01-02T00:00:00Z",
        "{project: shop, image: x, host: www.b.example}");
    List<Organization> orgs = List.of(a, b);

    assertNull(EnvironmentPlan.of(ofB, b, SHOP, orgs, List.of(ofB, ofA)).problem(), "b keeps its route");
    for (Environment env : List.of(ofA, overlapping)) {
      EnvironmentPlan refused = EnvironmentPlan.of(env, a, SHOP, orgs, List.of(ofB, ofA, overlapping));
      assertEquals("DomainConflict", refused.problem().reason(), env.getMetadata().getName());
      assertFalse(refused.claimsHost());
    }
    assertNull(EnvironmentPlan.of(Fixtures.environment("a", "own", T0, "{project: shop, image: x, host: a.example}"),
        a, SHOP, orgs, List.of()).problem(), "a's own domain is unaffected");
  }

  @Test
  void aDomainNotYetRecordedRoutesNothing() {
    Organization fresh = io.orgspace.testing.TestOrganization.named("acme").domains("acme.example").build();
    EnvironmentPlan plan = EnvironmentPlan.of(pr42(), fresh, SHOP, List.of(fresh), List.of());

    assertEquals("DomainPending", plan.problem().reason());
  }

  @Test
  void aHostIsHeldByTheFirstClaimNotTheOlderEnvironment() {
    Environment older = Fixtures.environment("acme", "older", "2020-01-01T00:00:00Z",
        "{project: shop, image: x, host: pr-42.shop.acme.example}");
    Environment holder = pr42();
    holder.setStatus(new EnvironmentStatus());
    holder.getStatus().host = "pr-42.shop.acme.example";
    holder.getStatus().hostClaimedAt = "2026-01-01T00:00:05Z";
    List<Environment> all = List.of(older, holder);

    assertNull(plan(holder, List.of(ACME), all).problem());
    EnvironmentPlan refused = plan(older, List.of(ACME), all);
    assertEquals("HostConflict", refused.problem().reason());
    assertTrue(refused.claimsHost(), "it queues for the host");
  }

  @Test
  void aHostAnotherTeamsIngressServesIsNeverShadowed() {
    var foreign = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
        .withNewMetadata().withName("shop").withNamespace("legacy").withCreationTimestamp("2025-01-01T00:00:00Z")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace")).endMetadata()
        .withNewSpec().addNewRule().withHost("*.shop.acme.example").endRule().endSpec().build();
    ForeignRoutes routes = ForeignRoutes.of(List.of(foreign), List.of());
    EnvironmentPlan plan = EnvironmentPlan.of(pr42(), ACME, SHOP, List.of(ACME), List.of(),
        RoutingSupport.NONE, io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of()), routes);

    assertEquals("HostTaken", plan.problem().reason());
    assertTrue(plan.problem().message().contains("an Ingress Orgspace did not make"));
    assertFalse(plan.routable());
  }

  @Test
  void aHostAnotherTeamsHttpRouteServesIsNeverShadowedButOrgspacesOwnRoutesDoNotCount() {
    var foreign = io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: shop, namespace: legacy, creationTimestamp: "2025-01-01T00:00:00Z"}
        spec: {hostnames: [PR-42.shop.acme.example]}
        """, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    var ours = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
        .withNewMetadata().withName("app").withNamespace("acme-shop-pr-7").withCreationTimestamp("2025-01-01T00:00:00Z")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace")).endMetadata()
        .withNewSpec().addNewRule().withHost("pr-7.shop.acme.example").endRule().endSpec().build();
    Environment pr7 = Fixtures.environment("acme", "shop-pr-7", T0, "{project: shop, pullRequest: {number: 7, headSha: a}}");
    pr7.setStatus(new EnvironmentStatus());
    pr7.getStatus().namespace = "acme-shop-pr-7";
    ForeignRoutes routes = ForeignRoutes.of(List.of(ours), List.of(foreign), List.of(pr7));
    var settings = io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of());

    EnvironmentPlan taken = EnvironmentPlan.of(pr42(), ACME, SHOP, List.of(ACME), List.of(), RoutingSupport.NONE, settings, routes);
    assertEquals("HostTaken", taken.problem().reason());
    assertTrue(taken.problem().message().contains("an HTTPRoute Orgspace did not make"), taken.problem().message());
    assertNull(EnvironmentPlan.of(pr7, ACME, SHOP, List.of(ACME), List.of(pr7), RoutingSupport.NONE, settings, routes)
        .problem(), "its own Ingress does not take its host");
  }

  @Test
  void anEnvironmentsOwnIngressIsNotForeignBeforeItsStatusRecordsTheNamespace() {
    // A first reconcile can write the Ingress and then fail (a conflict elsewhere) before any status.
    Environment pr7 = Fixtures.environment("acme", "shop-pr-7", T0, "{project: shop, pullRequest: {number: 7, headSha: a}}");
    var own = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
        .withNewMetadata().withName("app").withNamespace(TenantNamespaces.environment("acme", "shop", "pr-7"))
        .withCreationTimestamp("2025-01-01T00:00:00Z").withLabels(Map.of("app.kubernetes.io/managed-by", "orgspace"))
        .endMetadata().withNewSpec().addNewRule().withHost("pr-7.shop.acme.example").endRule().endSpec().build();
    ForeignRoutes routes = ForeignRoutes.of(List.of(own), List.of(pr7));

    assertNull(EnvironmentPlan.of(pr7, ACME, SHOP, List.of(ACME), List.of(pr7), RoutingSupport.NONE,
        io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of()), routes).problem());
  }

  @Test
  void withoutAnImageNothingIsDeployed() {
    Environment env = Fixtures.environment("acme", "no-sha", T0, "{project: shop, pullRequest: {number: 7}}");
    EnvironmentPlan plan = plan(env, List.of(ACME), List.of());

    assertEquals("ImageUnknown", plan.problem().reason());
    assertFalse(plan.deployable());
  }

  @Test
  void aMissingProjectBlocksEverything() {
    EnvironmentPlan plan = EnvironmentPlan.of(pr42(), ACME, null, List.of(ACME), List.of());

    assertEquals("ProjectNotFound", plan.problem().reason());
    assertFalse(plan.deployable());
    assertEquals(TenantNamespaces.environment("acme", "shop", "pr-42"), plan.namespace(), "known, so that clean-up finds it");
  }

  @Test
  void aRouteIsNeverWrittenWithoutTheProtectionAskedFor() {
    var none = io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of());
    var gateway = io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of("ORGSPACE_GATEWAY", "infra/public"));
    var traefik = io.orgspace.runtime.PreviewSettings.fromEnvironment(Map.of("ORGSPACE_INGRESS_CONTROLLER", "traefik"));
    var routeOnly = new RoutingSupport(true, false, false);
    var everything = new RoutingSupport(true, true, true);
    var http = io.orgspace.api.Routing.HTTPRoute;
    var ingress = io.orgspace.api.Routing.Ingress;

    assertEquals("GatewayAPIUnavailable", EnvironmentPlan.routingProblem(http, false, RoutingSupport.NONE, gateway).reason());
    assertEquals("GatewayNotConfigured", EnvironmentPlan.routingProblem(http, false, routeOnly, none).reason());
    assertEquals("BasicAuthUnsupported", EnvironmentPlan.routingProblem(http, true, routeOnly, gateway).reason());
    assertNull(EnvironmentPlan.routingProblem(http, true, everything, gateway));
    assertEquals("BasicAuthUnsupported", EnvironmentPlan.routingProblem(ingress, true, RoutingSupport.NONE, traefik).reason());
    assertNull(EnvironmentPlan.routingProblem(ingress, true, RoutingSupport.NONE, none), "ingress-nginx needs no CRD");
    assertFalse(EnvironmentPlan.routingProblem(http, false, RoutingSupport.NONE, gateway).blocksWorkload());

    var traefikGateway = io.orgspace.runtime.PreviewSettings.fromEnvironment(
        Map.of("ORGSPACE_GATEWAY", "infra/public", "ORGSPACE_GATEWAY_CONTROLLER", "traefik"));
    var routesAndEnvoy = new RoutingSupport(true, true, false);
    assertEquals("BasicAuthUnsupported", EnvironmentPlan.routingProblem(http, true, routesAndEnvoy, traefikGateway).reason(),
        "Traefik's Gateway needs its Middleware, whatever Envoy's policy");
    assertNull(EnvironmentPlan.routingProblem(http, true, new RoutingSupport(true, false, true), traefikGateway));
  }

  @Test
  void anExplicitExpiryWins() {
    Environment env = Fixtures.environment("acme", "until", T0, "{project: shop, image: x, expiresAt: \"2026-02-01T12:00:00Z\"}");
    assertEquals(Instant.parse("2026-02-01T12:00:00Z"), plan(env, List.of(ACME), List.of()).expiresAt());
  }

  @Test
  void aSecondEnvironmentForTheSamePullRequestGetsNothing() {
    Environment first = Fixtures.environment("acme", "shop-pr-7", T0, "{project: shop, pullRequest: {number: 7, headSha: aaaaaaa}}");
    Environment second = Fixtures.environment("acme", "copy", "2026-01-01T00:00:05Z",
        "{project: shop, pullRequest: {number: 7, headSha: bbbbbbb}}");
    List<Environment> all = List.of(first, second);

    assertNull(plan(first, List.of(ACME), all).problem(), "the older one keeps its namespace");
    EnvironmentPlan refused = plan(second, List.of(ACME), all);
    assertEquals("DuplicatePullRequest", refused.problem().reason());
    assertFalse(refused.deployable(), "it writes nothing into the older one's namespace");
    assertFalse(refused.ownsNamespace());
  }

  @Test
  void aNamedEnvironmentCannotTakeAPullRequestsNamespace() {
    Environment pr = Fixtures.environment("acme", "shop-pr-7", T0, "{project: shop, pullRequest: {number: 7, headSha: aaaaaaa}}");
    Environment squatter = Fixtures.environment("acme", "pr-7", "2026-01-01T00:00:05Z", "{project: shop, image: x}");

    EnvironmentPlan refused = plan(squatter, List.of(ACME), List.of(pr, squatter));
    assertEquals(TenantNamespaces.environment("acme", "shop", "pr-7"), refused.namespace());
    assertEquals("NamespaceConflict", refused.problem().reason());
  }

  @Test
  void organizationsWhoseNamesRunTogetherStillGetTheirOwnNamespaces() {
    // Organization "acme" with project "shop-b" and organization "acme-shop" with project "b" read
    // the same ("acme-shop-b-pr-1"); the hash of the tuple keeps their namespaces apart.
    Organization other = Fixtures.organization("acme-shop", "2026-01-01T00:00:01Z", "other.example");
    Project b = Fixtures.project("acme-shop", "{repository: {provider: github, url: \"https://github.com/x/b\"}}");
    Project shopB = Fixtures.project("acme", "{repository: {provider: github, url: \"https://github.com/x/b\"}}");
    shopB.getMetadata().setName("shop-b");
    b.getMetadata().setName("b");
    Environment first = Fixtures.environment("acme", "shop-b-pr-1", T0, "{project: shop-b, pullRequest: {number: 1}, image: x}");
    Environment second = Fixtures.environment("acme-shop", "b-pr-1", "2026-01-02T00:00:00Z",
        "{project: b, pullRequest: {number: 1}, image: x}");
    List<Environment> all = List.of(first, second);

    EnvironmentPlan one = EnvironmentPlan.of(first, ACME, shopB, List.of(ACME, other), all);
    EnvironmentPlan two = EnvironmentPlan.of(second, other, b, List.of(ACME, other), all);
    assertNotEquals(one.namespace(), two.namespace());
    assertNull(one.problem());
    assertTrue(two.ownsNamespace(), String.valueOf(two.problem()));
  }

  @Test
  void aDottedNameGetsANamespaceThatIsADnsLabel() {
    Environment dotted = Fixtures.environment("acme", "v1.2.3", T0, "{project: shop, image: x}");
    EnvironmentPlan plan = plan(dotted, List.of(ACME), List.of(dotted));

    assertTrue(plan.namespace().matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), plan.namespace());
    assertEquals("v1.2.3.shop.acme.example", plan.host());
    assertNull(plan.problem());
  }

  @Test
  void anUnreadableExpiryIsReportedNotThrown() {
    Environment env = Fixtures.environment("acme", "feb-30", T0, "{project: shop, image: x, expiresAt: \"2026-02-30T00:00:00Z\"}");
    EnvironmentPlan plan = plan(env, List.of(ACME), List.of(env));
    assertEquals("InvalidSpec", plan.problem().reason());
  }
}
