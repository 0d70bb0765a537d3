package io.orgspace.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cluster-specific settings for preview environments, from the operator's process environment
 * variables (the chart's values): how traffic reaches them and what they get when neither the
 * project nor the organization says.
 */
public record PreviewSettings(
    String ingressClassName,
    String ingressController,
    String gatewayNamespace,
    String gatewayName,
    String gatewayController,
    String ingressNamespace,
    List<String> privateCidrs,
    List<String> clusterCidrs,
    Map<String, String> defaultQuota,
    Map<String, String> defaultContainerLimits,
    Map<String, String> defaultContainerRequests,
    int maxEnvironments,
    Map<String, String> maxQuota,
    boolean allowIsolationRelaxed) {

  /** The platform's bounds on every organization that its spec.limits does not override. */
  public static final int DEFAULT_MAX_ENVIRONMENTS = 100;
  public static final Map<String, String> DEFAULT_MAX_QUOTA = Map.of(
      "requests.cpu", "8", "requests.memory", "16Gi", "limits.cpu", "16", "limits.memory", "32Gi", "pods", "100");

  /**
   * What an environment may not reach by default: the private ranges (other tenants' pods and
   * services in most clusters), carrier-grade NAT (some clouds' pod ranges) and link-local (the
   * cloud's metadata address, 169.254.169.254, which hands out node credentials).
   */
  static final String DEFAULT_PRIVATE_CIDRS = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16";

  public static PreviewSettings fromEnvironment(Map<String, String> env) {
    String gateway = emptyToNull(env.get("ORGSPACE_GATEWAY"));
    return new PreviewSettings(
        emptyToNull(env.get("ORGSPACE_INGRESS_CLASS")),
        env.getOrDefault("ORGSPACE_INGRESS_CONTROLLER", "nginx"),
        gateway == null || !gateway.contains("/") ? null : gateway.substring(0, gateway.indexOf('/')),
        gateway == null ? null : gateway.substring(gateway.indexOf('/') + 1),
        env.getOrDefault("ORGSPACE_GATEWAY_CONTROLLER", "envoy"),
        env.getOrDefault("ORGSPACE_INGRESS_NAMESPACE", "ingress-nginx"),
        cidrs(env, "ORGSPACE_PRIVATE_CIDRS", DEFAULT_PRIVATE_CIDRS),
        cidrs(env, "ORGSPACE_CLUSTER_CIDRS", ""),
        resources(env, "ORGSPACE_DEFAULT_QUOTA",
            Map.of("requests.cpu", "2", "requests.memory", "4Gi", "limits.cpu", "4", "limits.memory", "8Gi", "pods", "20")),
        resources(env, "ORGSPACE_DEFAULT_CONTAINER_LIMITS", Map.of("cpu", "500m", "memory", "512Mi")),
        resources(env, "ORGSPACE_DEFAULT_CONTAINER_REQUESTS", Map.of("cpu", "50m", "memory", "64Mi")),
        maxEnvironments(env.get("ORGSPACE_MAX_ENVIRONMENTS")),
        // Set but empty: no cap; unset: the built-in one.
        env.containsKey("ORGSPACE_MAX_QUOTA") && env.get("ORGSPACE_MAX_QUOTA").isBlank() ? Map.of()
            : resources(env, "ORGSPACE_MAX_QUOTA", DEFAULT_MAX_QUOTA),
        Boolean.parseBoolean(env.getOrDefault("ORGSPACE_ALLOW_ISOLATION_RELAXED", "false")));
  }

  /**
   * A map of resource quantities from {@code name=quantity,name=quantity} (the chart writes it from
   * its values); unset or blank gives the built-in defaults. A malformed entry stops the operator
   * at start rather than producing a quota no one asked for.
   */
  static Map<String, String> resources(Map<String, String> env, String variable, Map<String, String> defaults) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return defaults;
    }
    Map<String, String> parsed = new java.util.TreeMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String name = equals < 0 ? "" : entry.substring(0, equals).trim();
      String quantity = equals < 0 ? "" : entry.substring(equals + 1).trim();
      if (name.isEmpty() || quantity.isEmpty()) {
        throw new IllegalArgumentException(variable + ": expected name=quantity, got '" + entry.trim() + "'");
      }
      io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity));
      parsed.put(name, quantity);
    }
    return Map.copyOf(parsed);
  }

  /** These settings with {@code found} (the cluster's pod and service ranges as read at start) among the cluster ranges. */
  public PreviewSettings withClusterCidrs(List<String> found) {
    List<String> all = new ArrayList<>(clusterCidrs);
    found.stream().filter(cidr -> !all.contains(cidr)).forEach(all::add);
    return new PreviewSettings(ingressClassName, ingressController, gatewayNamespace, gatewayName, gatewayController,
        ingressNamespace,
        privateCidrs, List.copyOf(all), defaultQuota, defaultContainerLimits, defaultContainerRequests, maxEnvironments,
        maxQuota, allowIsolationRelaxed);
  }

  /**
   * The IPv4 ranges an environment's egress to "the internet" (0.0.0.0/0) leaves out: the private
   * and the cluster ranges, each once. IPv6 ranges are not among them because environments get no
   * IPv6 egress at all (the policy allows only the IPv4 internet block).
   */
  public List<String> egressExcluded() {
    List<String> excluded = new ArrayList<>();
    for (String cidr : privateCidrs) {
      if (Cidrs.isIpv4(cidr) && !excluded.contains(cidr)) {
        excluded.add(cidr);
      }
    }
    for (String cidr : clusterCidrs) {
      if (Cidrs.isIpv4(cidr) && !excluded.contains(cidr)) {
        excluded.add(cidr);
      }
    }
    return List.copyOf(excluded);
  }

  /** A comma-separated list of CIDRs; a malformed one stops the operator at start, as a NetworkPolicy would refuse it. */
  static List<String> cidrs(Map<String, String> env, String variable, String defaults) {
    List<String> cidrs = Arrays.stream(env.getOrDefault(variable, defaults).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String cidr : cidrs) {
      if (!Cidrs.isValid(cidr)) {
        throw new IllegalArgumentException(variable + ": not a CIDR: '" + cidr + "'");
      }
    }
    return cidrs;
  }

  private static int maxEnvironments(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_ENVIRONMENTS;
    }
    int max = Integer.parseInt(value.trim());
    if (max < 0) {
      throw new IllegalArgumentException("ORGSPACE_MAX_ENVIRONMENTS must be 0 or more, got " + max);
    }
    return max;
  }

  public boolean traefik() {
    return "traefik".equals(ingressController);
  }

  /** Whether the Gateway HTTPRoutes attach to is Traefik's: basic auth is then its Middleware, not Envoy's policy. */
  public boolean traefikGateway() {
    return "traefik".equals(gatewayController);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
