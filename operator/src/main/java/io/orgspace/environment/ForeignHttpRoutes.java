package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.api.Environment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every HTTPRoute of the cluster, as an event source registered on the first reconcile that finds
 * the Gateway API served (registered at start it would fail on clusters without the CRD). A route
 * that appears, changes or goes reconciles the environments claiming one of its hosts, so a route
 * made moments before an environment is never missed: the claim times, not the order the caches
 * saw them, decide who holds the host. The operator needs list and watch on httproutes.
 */
final class ForeignHttpRoutes {
  static final String NAME = "foreign-httproutes";
  private static final GroupVersionKind HTTPROUTE = new GroupVersionKind("gateway.networking.k8s.io", "v1", "HTTPRoute");

  private ForeignHttpRoutes() {}

  /** The cluster's HTTPRoutes; none when the cluster does not serve the Gateway API. */
  @SuppressWarnings("unchecked")
  static List<GenericKubernetesResource> all(Context<Environment> context, RoutingSupport routing) {
    if (!routing.httpRoutes()) {
      return List.of();
    }
    var retriever = context.eventSourceRetriever();
    var registered = retriever.getEventSourcesFor(GenericKubernetesResource.class).stream()
        .filter(source -> NAME.equals(source.name())).findFirst();
    var source = registered.isPresent() ? registered.get()
        : retriever.dynamicallyRegisterEventSource(eventSource(retriever.eventSourceContextForDynamicRegistration()));
    return ((InformerEventSource<GenericKubernetesResource, Environment>) source).list().toList();
  }

  private static InformerEventSource<GenericKubernetesResource, Environment> eventSource(
      EventSourceContext<Environment> context) {
    var environments = context.getPrimaryCache();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(HTTPROUTE, Environment.class)
            .withName(NAME)
            .withSecondaryToPrimaryMapper(route -> {
              Set<String> hosts = ForeignRoutes.hostnames(route);
              return environments.list(e -> e.getStatus() != null && ForeignRoutes.covers(hosts, e.getStatus().host))
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
            })
            .build(),
        context);
  }
}
