package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTPRoute of the cluster, cached, once the cluster serves the Gateway API: a host another
 * team's HTTPRoute serves is never shadowed. Started on the first reconcile that finds the CRD
 * (a cluster without it gets no watch that would fail); a route appearing later is seen by the
 * next reconcile of the environment, conflicts being looked at again every minute. The operator
 * needs list and watch on httproutes (the chart's ClusterRole grants them).
 */
final class HttpRouteWatch {
  private static final Logger log = LoggerFactory.getLogger(HttpRouteWatch.class);
  private static final long SYNC_SECONDS = 30;
  private static volatile SharedIndexInformer<GenericKubernetesResource> informer;

  private HttpRouteWatch() {}

  /** The cluster's HTTPRoutes; empty without the Gateway API or while the cache cannot be had. */
  static List<GenericKubernetesResource> all(KubernetesClient client, RoutingSupport support) {
    if (!support.httpRoutes()) {
      return List.of();
    }
    SharedIndexInformer<GenericKubernetesResource> started = informer;
    if (started == null) {
      synchronized (HttpRouteWatch.class) {
        if (informer == null) {
          informer = client.genericKubernetesResources(RoutingObjects.HTTPROUTE).inAnyNamespace().runnableInformer(0);
          try {
            informer.start().toCompletableFuture().get(SYNC_SECONDS, TimeUnit.SECONDS);
          } catch (Exception e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            log.warn("the HTTPRoute cache has not synced yet: {}", e.getClass().getSimpleName());
          }
        }
        started = informer;
      }
    }
    // Not synced (no list right, API trouble): no HTTPRoute is known rather than every environment
    // failing; Ingresses are still checked. Logged once when the cache is started.
    return started.hasSynced() ? started.getStore().list() : List.of();
  }
}
