package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Hosts already served by routes Orgspace did not make (an Ingress of another team, a wildcard
 * Ingress), with when each appeared: an environment never shadows them. A route is Orgspace's
 * when it carries Orgspace's label and lives in an environment's namespace; the label alone is
 * no proof, anyone may write it.
 */
public record ForeignRoutes(Map<String, Route> byHost) {
  public static final ForeignRoutes NONE = new ForeignRoutes(Map.of());

  public record Route(String kind, Instant since) {}

  public static ForeignRoutes of(Collection<Ingress> ingresses, Collection<Environment> environments) {
    Set<String> environmentNamespaces = environments.stream()
        .map(e -> e.getStatus() == null ? null : e.getStatus().namespace)
        .filter(ns -> ns != null).collect(Collectors.toSet());
    Map<String, Route> byHost = new TreeMap<>();
    for (Ingress ingress : ingresses) {
      var labels = ingress.getMetadata().getLabels();
      boolean ours = labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
          && environmentNamespaces.contains(ingress.getMetadata().getNamespace());
      if (ours || ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
        continue;
      }
      Instant since = created(ingress.getMetadata().getCreationTimestamp());
      for (IngressRule rule : ingress.getSpec().getRules()) {
        if (rule.getHost() != null) {
          byHost.merge(rule.getHost().toLowerCase(java.util.Locale.ROOT), new Route("Ingress", since),
              (a, b) -> a.since().isBefore(b.since()) ? a : b);
        }
      }
    }
    return new ForeignRoutes(Map.copyOf(byHost));
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

  String kind(String host) {
    Route route = route(host);
    return route == null ? null : route.kind();
  }

  /** The hosts an Ingress serves (for mapping its changes to environments). */
  static Set<String> hosts(Ingress ingress) {
    if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
      return Set.of();
    }
    return ingress.getSpec().getRules().stream().map(IngressRule::getHost).filter(h -> h != null)
        .map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
  }
}
