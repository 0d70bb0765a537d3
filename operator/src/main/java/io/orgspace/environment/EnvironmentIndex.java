package io.orgspace.environment;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The cluster's Environments, looked up by what a plan compares them on: the namespace each
 * resolves to, the home namespace it lives in, the host it claims. The keys are computed once per
 * change of an Environment (by the informer's indexers), not once per other environment in every
 * plan: a full resync of N environments would otherwise compute N² namespace names.
 */
public final class EnvironmentIndex {
  /** The namespace an environment's name and project give ({@link EnvironmentPlan#namespaceName}). */
  static final String NAMESPACE = "orgspace-namespace";
  /** That namespace and the one its status records: where its routes may live. */
  static final String ROUTE_NAMESPACES = "orgspace-route-namespaces";
  static final String HOME = "orgspace-home";
  /** The host its status records a claim on, by its own name and as {@code *.<parent>}. */
  static final String CLAIMED_HOST = "orgspace-claimed-host";

  static final Map<String, Function<Environment, List<String>>> INDEXERS = Map.of(
      NAMESPACE, e -> listOf(computedNamespace(e)),
      ROUTE_NAMESPACES, e -> {
        var keys = new LinkedHashSet<String>();
        String computed = computedNamespace(e);
        if (computed != null) {
          keys.add(computed);
        }
        if (e.getStatus() != null && e.getStatus().namespace != null) {
          keys.add(e.getStatus().namespace);
        }
        return List.copyOf(keys);
      },
      HOME, e -> listOf(e.getMetadata().getNamespace()),
      CLAIMED_HOST, e -> {
        String host = claimedHost(e);
        return host == null ? List.of() : ForeignRoutes.namesServing(host);
      });

  private final BiFunction<String, String, List<Environment>> lookup;

  private EnvironmentIndex(BiFunction<String, String, List<Environment>> lookup) {
    this.lookup = lookup;
  }

  /** Backed by the primary informer's cache, to which {@link #INDEXERS} were added before it started. */
  static EnvironmentIndex of(IndexedResourceCache<Environment> cache) {
    return new EnvironmentIndex(cache::byIndex);
  }

  /** Over a plain collection, with the same keys (tests, and callers that hold a list). */
  public static EnvironmentIndex of(Collection<Environment> environments) {
    Map<String, Map<String, List<Environment>>> byIndex = new HashMap<>();
    INDEXERS.forEach((name, keys) -> {
      Map<String, List<Environment>> byKey = new HashMap<>();
      for (Environment environment : environments) {
        for (String key : keys.apply(environment)) {
          byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(environment);
        }
      }
      byIndex.put(name, byKey);
    });
    return new EnvironmentIndex((name, key) -> byIndex.get(name).getOrDefault(key, List.of()));
  }

  /** Environments whose name and project resolve to this namespace. */
  List<Environment> resolvingTo(String namespace) {
    return lookup.apply(NAMESPACE, namespace);
  }

  /** The environments of one organization (its home namespace). */
  List<Environment> inHome(String homeNamespace) {
    return lookup.apply(HOME, homeNamespace);
  }

  /** Environments whose status records the host (each still checked with {@link EnvironmentPlan#hostClaimedAt}). */
  List<Environment> claiming(String host) {
    return lookup.apply(CLAIMED_HOST, host);
  }

  /**
   * The environments whose recorded host a route serving {@code routeHosts} covers, by name or a
   * wildcard: the ones that route's change is about.
   */
  List<Environment> servedBy(Collection<String> routeHosts) {
    return routeHosts.stream().flatMap(host -> lookup.apply(CLAIMED_HOST, host).stream()).distinct()
        .filter(e -> e.getStatus() != null && ForeignRoutes.covers(routeHosts, e.getStatus().host))
        .toList();
  }

  /** Whether some environment's routes may live in this namespace. */
  boolean hasRoutesIn(String namespace) {
    return !lookup.apply(ROUTE_NAMESPACES, namespace).isEmpty();
  }

  private static String computedNamespace(Environment environment) {
    String organization = Organization.fromHomeNamespace(environment.getMetadata().getNamespace());
    return organization == null || environment.getSpec() == null || environment.getSpec().project == null
        ? null : EnvironmentPlan.namespaceName(organization, environment.getSpec().project, environment);
  }

  /** status.host, or for a status written before hosts were recorded, the host of its URL. */
  private static String claimedHost(Environment environment) {
    var status = environment.getStatus();
    if (status == null) {
      return null;
    }
    if (status.host != null) {
      return status.host;
    }
    return status.url != null && status.url.startsWith("https://") ? status.url.substring("https://".length()) : null;
  }

  private static List<String> listOf(String key) {
    return key == null ? List.of() : List.of(key);
  }
}
