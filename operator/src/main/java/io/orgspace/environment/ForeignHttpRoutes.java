package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import java.util.List;
import java.util.Collection;
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

  private static final Object REGISTRATION = new Object();

  private ForeignHttpRoutes() {}

  /**
   * The cluster's HTTPRoutes naming one of these hostnames; none when the cluster does not serve
   * the Gateway API.
   */
  @SuppressWarnings("unchecked")
  static List<GenericKubernetesResource> serving(Context<Environment> context, RoutingSupport routing,
      Collection<String> hostnames) {
    if (!routing.httpRoutes() || hostnames.isEmpty()) {
      return List.of();
    }
    var retriever = context.eventSourceRetriever();
    EventSource<?, Environment> source;
    // Looked up and registered under one lock: a source another reconcile has just registered is
    // listed only once that registration (which starts and syncs it) has returned.
    synchronized (REGISTRATION) {
      var registered = retriever.getEventSourcesFor(GenericKubernetesResource.class).stream()
          .filter(candidate -> NAME.equals(candidate.name())).findFirst();
      source = registered.isPresent() ? registered.get()
          : retriever.dynamicallyRegisterEventSource(eventSource(retriever.eventSourceContextForDynamicRegistration()));
    }
    return ((InformerEventSource<GenericKubernetesResource, Environment>) source).list()
        .filter(route -> ForeignRoutes.hostnames(route).stream().anyMatch(hostnames::contains)).toList();
  }

  private static InformerEventSource<GenericKubernetesResource, Environment> eventSource(
      EventSourceContext<Environment> context) {
    var environments = EnvironmentIndex.of(context.getPrimaryCache());
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(HTTPROUTE, Environment.class)
            .withItemStore(new CompactItemStore<>())
            .withName(NAME)
            .withSecondaryToPrimaryMapper(route -> environments.servedBy(ForeignRoutes.hostnames(route)).stream()
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
  }
}
