package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.runtime.PreviewSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentObjectsTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final Organization ACME = Fixtures.organization("acme", T0, "acme.example");
  private static final PreviewSettings SETTINGS = PreviewSettings.fromEnvironment(
      Map.of("ORGSPACE_INGRESS_CLASS", "nginx", "ORGSPACE_INGRESS_NAMESPACE", "ingress-system"));

  private static EnvironmentPlan plan(String projectSpec, String envSpec) {
    Project project = Fixtures.project("acme", projectSpec);
    Environment env = Fixtures.environment("acme", "shop-pr-42", T0, envSpec);
    return EnvironmentPlan.of(env, ACME, project, List.of(ACME), List.of());
  }

  private static final String PROJECT = """
      {repository: {provider: github, url: "https://github.com/acme/shop"},
       previews: {domain: shop.acme.example, tls: {clusterIssuer: letsencrypt}},
       variables: {LOG_LEVEL: info}, files: {app.yaml: "feature: on"}}
      """;

  @Test
  void theWorkloadRunsUnprivilegedWithItsVariablesAndFiles() {
    Deployment deployment = EnvironmentObjects.deployment(plan(PROJECT,
        "{project: shop, pullRequest: {number: 42}, image: \"registry.acme.example/shop:1\", replicas: 2, variables: {CART: v2}}"));

    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertEquals("registry.acme.example/shop:1", container.getImage());
    assertEquals(2, deployment.getSpec().getReplicas());
    assertEquals(List.of("CART=v2", "LOG_LEVEL=info"),
        container.getEnv().stream().map((EnvVar e) -> e.getName() + "=" + e.getValue()).toList());
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
    assertEquals(EnvironmentObjects.FILES_MOUNT, container.getVolumeMounts().get(0).getMountPath());
    assertEquals("acme", deployment.getMetadata().getLabels().get("orgspace.io/organization"));
    assertEquals("shop", deployment.getMetadata().getLabels().get("orgspace.io/project"));
  }

  @Test
  void changingTheFilesRollsThePods() {
    String other = PROJECT.replace("feature: on", "feature: off");
    String env = "{project: shop, pullRequest: {number: 42}, image: x}";
    assertNotEquals(
        EnvironmentObjects.deployment(plan(PROJECT, env)).getSpec().getTemplate().getMetadata().getAnnotations(),
        EnvironmentObjects.deployment(plan(other, env)).getSpec().getTemplate().getMetadata().getAnnotations());
  }

  @Test
  void theIngressServesTheHostWithTlsAndBasicAuth() {
    Ingress ingress = EnvironmentObjects.ingress(plan(PROJECT,
        "{project: shop, pullRequest: {number: 42}, image: x, basicAuth: {enabled: true}}"), SETTINGS);

    assertEquals("pr-42.shop.acme.example", ingress.getSpec().getRules().get(0).getHost());
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    assertEquals("letsencrypt", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
    assertEquals(List.of("pr-42.shop.acme.example"), ingress.getSpec().getTls().get(0).getHosts());
    assertEquals("basic", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-type"));
    assertEquals(EnvironmentObjects.HTPASSWD, ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-secret"));
  }

  @Test
  void throughTraefiksGatewayTheRouteNamesTheBasicAuthMiddlewareAndNoShaLineIsWritten() {
    PreviewSettings traefik = PreviewSettings.fromEnvironment(
        Map.of("ORGSPACE_GATEWAY", "infra/public", "ORGSPACE_GATEWAY_CONTROLLER", "traefik"));
    String routed = PROJECT.replace("previews: {", "previews: {routing: HTTPRoute, ");
    EnvironmentPlan plan = plan(routed, "{project: shop, pullRequest: {number: 42}, image: x, basicAuth: {enabled: true}}");

    var filters = EnvironmentObjects.httpRoute(plan, traefik).getSpec().getRules().get(0).getFilters();
    assertEquals(1, filters.size());
    assertEquals("ExtensionRef", filters.get(0).getType());
    assertEquals("traefik.io", filters.get(0).getExtensionRef().getGroup());
    assertEquals("Middleware", filters.get(0).getExtensionRef().getKind());
    assertEquals(EnvironmentObjects.HTPASSWD, filters.get(0).getExtensionRef().getName());
    assertTrue(EnvironmentObjects.httpRoute(plan, SETTINGS).getSpec().getRules().get(0).getFilters().isEmpty(),
        "Envoy Gateway's basic auth is its SecurityPolicy, not a filter");
    assertTrue(EnvironmentObjects.httpRoute(plan(routed, "{project: shop, pullRequest: {number: 42}, image: x}"), traefik)
        .getSpec().getRules().get(0).getFilters().isEmpty(), "no basic auth, no filter");

    var secret = EnvironmentObjects.htpasswdSecret(plan, traefik, "u:$2y$06$x", "u:{SHA}x", null);
    assertEquals(java.util.Set.of("users"), secret.getData().keySet(),
        "Traefik takes a basic-auth Secret of one key only; no weak {SHA} line where no Envoy Gateway reads it");
    assertTrue(EnvironmentObjects.htpasswdSecret(plan, SETTINGS, "u:$2y$06$x", "u:{SHA}x", null).getData()
        .containsKey(".htpasswd"));
  }

  @Test
  void withoutBasicAuthTheIngressHasNoAuthAnnotations() {
    Ingress ingress = EnvironmentObjects.ingress(plan(PROJECT, "{project: shop, pullRequest: {number: 42}, image: x}"), SETTINGS);
    assertNull(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/auth-type"));
  }

  @Test
  void theNetworkPolicyDeniesAllButTheNamespaceTheIngressControllerDnsAndTheInternet() {
    NetworkPolicy policy = EnvironmentObjects.networkPolicy(plan(PROJECT, "{project: shop, image: x}"), SETTINGS);

    assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
    var from = policy.getSpec().getIngress().get(0).getFrom();
    assertEquals(2, from.size());
    assertEquals("ingress-system", from.get(1).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
    var internet = policy.getSpec().getEgress().get(2).getTo().get(0).getIpBlock();
    assertEquals("0.0.0.0/0", internet.getCidr());
    assertTrue(internet.getExcept().contains("10.0.0.0/8"), "pods of other organizations are not the internet");
    assertTrue(internet.getExcept().contains("169.254.0.0/16"), "nor is the cloud's metadata address");
    assertTrue(internet.getExcept().contains("100.64.0.0/10"), "nor carrier-grade NAT, some clouds' pod range");
  }

  @Test
  void quotasComeFromTheProjectThenTheOrganizationThenTheOperator() {
    var fromOperator = EnvironmentObjects.resourceQuota(plan(PROJECT, "{project: shop, image: x}"), ACME, SETTINGS);
    assertEquals("20", fromOperator.getSpec().getHard().get("pods").toString());
    String withQuota = PROJECT.replace("tls: {clusterIssuer: letsencrypt}", "quota: {pods: \"3\"}");
    var fromProject = EnvironmentObjects.resourceQuota(plan(withQuota, "{project: shop, image: x}"), ACME, SETTINGS);
    assertEquals(Map.of("pods", "3"), Map.of("pods", fromProject.getSpec().getHard().get("pods").toString()));
  }
}
