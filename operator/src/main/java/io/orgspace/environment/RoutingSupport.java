package io.orgspace.environment;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routing APIs the cluster serves: Gateway API HTTPRoutes, Envoy Gateway SecurityPolicies,
 * Traefik Middlewares. Looked up by CRD name, remembered for half a minute, so that a CRD
 * installed later is noticed without a request per reconcile.
 */
public record RoutingSupport(boolean httpRoutes, boolean envoySecurityPolicies, boolean traefikMiddlewares) {
  public static final String HTTPROUTES = "httproutes.gateway.networking.k8s.io";
  public static final String SECURITY_POLICIES = "securitypolicies.gateway.envoyproxy.io";
  public static final String MIDDLEWARES = "middlewares.traefik.io";
  public static final RoutingSupport NONE = new RoutingSupport(false, false, false);
  private static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
  private static final Map<String, long[]> CHECKED = new ConcurrentHashMap<>();

  public static RoutingSupport of(KubernetesClient client) {
    return new RoutingSupport(present(client, HTTPROUTES), present(client, SECURITY_POLICIES), present(client, MIDDLEWARES));
  }

  /** Whether a CRD is served; entries are {checkedAt, 1|0}. */
  public static boolean present(KubernetesClient client, String crd) {
    long now = System.nanoTime();
    long[] known = CHECKED.get(crd);
    if (known != null && now - known[0] < TTL_NANOS) {
      return known[1] == 1;
    }
    boolean present = client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
    CHECKED.put(crd, new long[] {now, present ? 1 : 0});
    return present;
  }
}
