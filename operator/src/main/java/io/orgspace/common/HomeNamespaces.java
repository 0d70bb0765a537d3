package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.api.Condition;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.TenantNamespaces;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the controllers of objects kept in a home namespace (Memberships, Projects, ApiKeys,
 * Environments) learn whether that namespace is proven their organization's
 * ({@link TenantNamespaces#verify}): a cache of Orgspace's namespaces, which also wakes the
 * namespace's objects up when the operator stamps it.
 */
public final class HomeNamespaces {
  /** The event source's name in each controller. */
  public static final String EVENT_SOURCE = "home-namespaces";
  /** The reason of the condition on an object whose namespace is not proven its organization's. */
  public static final String NOT_VERIFIED = "NamespaceNotVerified";

  private HomeNamespaces() {}

  /** Orgspace's namespaces, each mapped to the controller's objects in it. */
  public static <P extends HasMetadata> InformerEventSource<Namespace, P> eventSource(
      Class<P> primary, EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Namespace.class, primary)
            .withItemStore(new CompactItemStore<>())
            .withName(EVENT_SOURCE)
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.ORGANIZATION)
            .withPrimaryToSecondaryMapper((P object) -> Set.of(new ResourceID(object.getMetadata().getNamespace())))
            .withSecondaryToPrimaryMapper(namespace -> context.getPrimaryCache()
                .list(namespace.getMetadata().getName())
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
  }

  /**
   * Why the object's namespace is not {@code organization}'s, or null when it is. Read from the
   * cache of {@link #eventSource}.
   */
  public static String problem(HasMetadata object, Organization organization, Context<?> context) {
    Namespace namespace = context.getSecondaryResource(Namespace.class, EVENT_SOURCE).orElse(null);
    return TenantNamespaces.verify(namespace, organization);
  }

  /** The condition reporting an object ignored because its namespace is not proven its organization's. */
  public static Condition notVerified(long generation, String kind, String why) {
    return Conditions.notReady(generation, NOT_VERIFIED, "this " + kind + " is ignored: " + why);
  }
}
