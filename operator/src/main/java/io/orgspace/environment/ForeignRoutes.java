package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Hosts already served by routes Orgspace did not make (an Ingress or HTTPRoute of another team, a
 * wildcard one), with when each appeared: an environment never shadows them. A route is Orgspace's
 * when it carries Orgspace's label and lives in an environment's namespace; the label alone is
 * no proof, anyone may write it.
 */
public record ForeignRoutes(Map<String, Route> byHost) {
  public static final ForeignRoutes NONE = new ForeignRoutes(Map.of());
  /** The Ingress informer's index of the hosts each Ingress serves. */
  static final String HOSTS = "orgspace-hosts";

  public record Route(String kind, Instant since) {}

  public static ForeignRoutes of(Collection<Ingress> ingresses, Collection<Environment> environments) {
    return of(ingresses, List.of(), environments);
  }

  public static ForeignRoutes of(Collection<Ingress> ingresses, Collection<GenericKubernetesResource> httpRoutes,
      Collection<Environment> environments) {
    return of(ingresses, httpRoutes, EnvironmentIndex.of(environments));
  }

  /**
   * The routes Orgspace did not make among these. Ours: Orgspace's label, in a namespace an
   * environment's routes may live in — the one its name and project give (known before any status
   * is written: a first reconcile that fails after writing the route must not find that route
   * foreign) or the one its status records.
   */
  public static ForeignRoutes of(Collection<Ingress> ingresses, Collection<GenericKubernetesResource> httpRoutes,
      EnvironmentIndex environments) {
    Predicate<String> environmentNamespaces = environments::hasRoutesIn;
    Map<String, Route> byHost = new TreeMap<>();
    for (Ingress ingress : ingresses) {
      add(byHost, "Ingress", ingress.getMetadata(), hosts(ingress), environmentNamespaces);
    }
    for (GenericKubernetesResource route : httpRoutes) {
      add(byHost, "HTTPRoute", route.getMetadata(), hostnames(route), environmentNamespaces);
    }
    return new ForeignRoutes(Map.copyOf(byHost));
  }

  private static void add(Map<String, Route> byHost, String kind, ObjectMeta metadata, Set<String> hosts,
      Predicate<String> environmentNamespaces) {
    var labels = metadata.getLabels();
    boolean ours = labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        && environmentNamespaces.test(metadata.getNamespace());
    if (ours) {
      return;
    }
    Route route = new Route(kind, created(metadata.getCreationTimestamp()));
    for (String host : hosts) {
      byHost.merge(host, route, (a, b) -> a.since().isBefore(b.since()) ? a : b);
    }
  }

  /** An HTTPRoute's spec.hostnames. */
  static Set<String> hostnames(GenericKubernetesResource route) {
    Object spec = route.getAdditionalProperties().get("spec");
    if (!(spec instanceof Map<?, ?> map) || !(map.get("hostnames") instanceof List<?> hostnames)) {
      return Set.of();
    }
    return hostnames.stream().filter(String.class::isInstance).map(h -> ((String) h).toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  private static Instant created(String timestamp) {
    try {
      return timestamp == null ? Instant.EPOCH : OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The route serving the host — by its own name or a wildcard {@code *.<parent>} — or null. */
  Route route(String host) {
    Route exact = byHost.get(host);
    if (exact != null) {
      return exact;
    }
    int dot = host.indexOf('.');
    return dot < 0 ? null : byHost.get("*" + host.substring(dot));
  }

  /** Since when a foreign route serves the host, or null when none does. */
  Instant since(String host) {
    Route route = route(host);
    return route == null ? null : route.since();
  }

  /** "an Ingress" or "an HTTPRoute": what serves the host, for a message. */
  String article(String host) {
    Route route = route(host);
    return route == null ? null : "an " + route.kind();
  }

  /**
   * Whether a route serving {@code routeHosts} serves {@code host}, by its name or a wildcard
   * {@code *.<parent>}: the environments a route's change is about.
   */
  static boolean covers(Collection<String> routeHosts, String host) {
    if (host == null) {
      return false;
    }
    int dot = host.indexOf('.');
    return routeHosts.contains(host) || (dot > 0 && routeHosts.contains("*" + host.substring(dot)));
  }

  /** The route host names that serve {@code host}: itself and the wildcard {@code *.<parent>}. */
  static List<String> namesServing(String host) {
    int dot = host.indexOf('.');
    return dot > 0 ? List.of(host, "*" + host.substring(dot)) : List.of(host);
  }

  /** The hosts an Ingress serves (for mapping its changes to environments). */
  static Set<String> hosts(Ingress ingress) {
    if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
      return Set.of();
    }
    return ingress.getSpec().getRules().stream().map(IngressRule::getHost).filter(h -> h != null)
        .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
