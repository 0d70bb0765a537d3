package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Names;
import io.orgspace.common.FieldManager;
import io.orgspace.runtime.PreviewSettings;

/**
 * The routing objects whose CRDs a cluster may not serve — HTTPRoute, Envoy Gateway
 * SecurityPolicy, Traefik Middleware — applied directly rather than as informer-backed dependents,
 * so that nothing watches a kind the API server does not know. Each is read first and written only
 * when it differs (a resync writes nothing); drift is corrected on the next reconcile.
 */
final class RoutingObjects {
  static final ResourceDefinitionContext HTTPROUTE = context("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");
  static final ResourceDefinitionContext SECURITY_POLICY =
      context("gateway.envoyproxy.io", "v1alpha1", "SecurityPolicy", "securitypolicies");
  static final ResourceDefinitionContext MIDDLEWARE = context("traefik.io", "v1alpha1", "Middleware", "middlewares");

  private RoutingObjects() {}

  private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  static void sync(KubernetesClient client, EnvironmentPlan plan, RoutingSupport support, PreviewSettings settings) {
    if (support.httpRoutes()) {
      converge(client, HTTPROUTE, plan.namespace(), EnvironmentObjects.APP,
          plan.byHttpRoute() ? generic(EnvironmentObjects.httpRoute(plan, settings)) : null);
    }
    if (support.envoySecurityPolicies()) {
      converge(client, SECURITY_POLICY, plan.namespace(), EnvironmentObjects.HTPASSWD,
          plan.byHttpRoute() && plan.basicAuth() && !settings.traefikGateway() ? EnvironmentObjects.securityPolicy(plan) : null);
    }
    if (support.traefikMiddlewares()) {
      boolean byTraefik = plan.byIngress() && settings.traefik() || plan.byHttpRoute() && settings.traefikGateway();
      converge(client, MIDDLEWARE, plan.namespace(), EnvironmentObjects.HTPASSWD,
          byTraefik && plan.basicAuth() ? EnvironmentObjects.middleware(plan) : null);
    }
  }

  private static GenericKubernetesResource generic(HasMetadata typed) {
    return Serialization.unmarshal(Serialization.asJson(typed), GenericKubernetesResource.class);
  }

  /** Makes the object be {@code desired}, or absent when null. */
  private static void converge(KubernetesClient client, ResourceDefinitionContext kind, String namespace, String name,
      GenericKubernetesResource desired) {
    var resources = client.genericKubernetesResources(kind).inNamespace(namespace);
    GenericKubernetesResource actual = resources.withName(name).get();
    if (desired == null) {
      if (actual != null) {
        resources.withName(name).delete();
      }
      return;
    }
    // The API server defaults fields of these kinds, so the object is compared by what was applied.
    String hash = Names.hash(Serialization.asJson(desired), 16);
    if (actual != null && actual.getMetadata().getAnnotations() != null
        && hash.equals(actual.getMetadata().getAnnotations().get(APPLIED_HASH))) {
      return;
    }
    desired.getMetadata().setAnnotations(java.util.Map.of(APPLIED_HASH, hash));
    resources.resource(desired).fieldManager(FieldManager.NAME).forceConflicts().serverSideApply();
  }

  static final String APPLIED_HASH = "orgspace.io/applied-hash";
}
