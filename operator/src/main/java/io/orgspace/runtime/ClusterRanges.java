package io.orgspace.runtime;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's own pod and service ranges, read once at start from what the API serves: the
 * ServiceCIDR objects (Kubernetes 1.33+) and the nodes' pod CIDRs. Environments may not reach
 * them (other tenants' pods and services); ranges the API does not show are configured instead
 * ({@code ORGSPACE_CLUSTER_CIDRS}).
 */
public final class ClusterRanges {
  private static final Logger log = LoggerFactory.getLogger(ClusterRanges.class);

  private ClusterRanges() {}

  public static List<String> read(KubernetesClient client) {
    List<String> found = new ArrayList<>();
    try {
      for (GenericKubernetesResource serviceCidr : client.genericKubernetesResources("networking.k8s.io/v1", "ServiceCIDR")
          .list().getItems()) {
        found.addAll(serviceCidrs(serviceCidr));
      }
    } catch (KubernetesClientException e) {
      log.info("service ranges not read from ServiceCIDRs (HTTP {}): set ORGSPACE_CLUSTER_CIDRS if they are not private", e.getCode());
    }
    try {
      for (Node node : client.nodes().list().getItems()) {
        if (node.getSpec() != null && node.getSpec().getPodCIDRs() != null) {
          found.addAll(node.getSpec().getPodCIDRs());
        }
      }
    } catch (KubernetesClientException e) {
      log.info("pod ranges not read from nodes (HTTP {}): set ORGSPACE_CLUSTER_CIDRS if they are not private", e.getCode());
    }
    List<String> valid = found.stream().filter(Cidrs::isValid).distinct().toList();
    log.info("cluster ranges read from the API: {}", valid);
    return valid;
  }

  @SuppressWarnings("unchecked")
  static List<String> serviceCidrs(GenericKubernetesResource serviceCidr) {
    Object spec = serviceCidr.getAdditionalProperties().get("spec");
    Object cidrs = spec instanceof Map<?, ?> map ? map.get("cidrs") : null;
    return cidrs instanceof List<?> list ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
  }
}
