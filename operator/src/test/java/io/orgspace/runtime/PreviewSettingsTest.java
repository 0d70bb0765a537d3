package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviewSettingsTest {
  @Test
  void defaultsWithoutSettings() {
    PreviewSettings settings = PreviewSettings.fromEnvironment(Map.of());
    assertEquals("20", settings.defaultQuota().get("pods"));
    assertEquals(Map.of("cpu", "500m", "memory", "512Mi"), settings.defaultContainerLimits());
    assertEquals(Map.of("cpu", "50m", "memory", "64Mi"), settings.defaultContainerRequests());
    assertEquals(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"),
        settings.privateCidrs());
    assertEquals(List.of(), settings.clusterCidrs());
    assertEquals("ingress-nginx", settings.ingressNamespace());
  }

  @Test
  void defaultQuotasFromTheChartsValues() {
    PreviewSettings settings = PreviewSettings.fromEnvironment(Map.of(
        "ORGSPACE_DEFAULT_QUOTA", "requests.cpu=1, requests.memory=1Gi,pods=5",
        "ORGSPACE_DEFAULT_CONTAINER_LIMITS", "cpu=1,memory=1Gi",
        "ORGSPACE_DEFAULT_CONTAINER_REQUESTS", " ",
        "ORGSPACE_GATEWAY", "infra/public",
        "ORGSPACE_PRIVATE_CIDRS", "10.0.0.0/8, 100.64.0.0/10"));
    assertEquals(Map.of("requests.cpu", "1", "requests.memory", "1Gi", "pods", "5"), settings.defaultQuota());
    assertEquals(Map.of("cpu", "1", "memory", "1Gi"), settings.defaultContainerLimits());
    assertEquals(Map.of("cpu", "50m", "memory", "64Mi"), settings.defaultContainerRequests(), "blank keeps the default");
    assertEquals("infra", settings.gatewayNamespace());
    assertEquals("public", settings.gatewayName());
    assertEquals(List.of("10.0.0.0/8", "100.64.0.0/10"), settings.privateCidrs());
  }

  @Test
  void egressLeavesOutPrivateLinkLocalAndClusterRangesOnceEachAndOnlyIpv4() {
    PreviewSettings settings = PreviewSettings.fromEnvironment(Map.of("ORGSPACE_CLUSTER_CIDRS", "10.96.0.0/12, fd00:10:96::/112"))
        .withClusterCidrs(List.of("10.244.0.0/24", "10.96.0.0/12", "fd00:10:244::/64"));
    assertEquals(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
        "10.96.0.0/12", "10.244.0.0/24"), settings.egressExcluded());
  }

  @Test
  void malformedRangesAreRefusedAtStart() {
    for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0/8", "example.com/8", "::1/129", "10.0.0.0/8x")) {
      assertThrows(IllegalArgumentException.class,
          () -> PreviewSettings.fromEnvironment(Map.of("ORGSPACE_CLUSTER_CIDRS", bad)), bad);
    }
  }

  @Test
  void malformedQuotasAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> PreviewSettings.fromEnvironment(Map.of("ORGSPACE_DEFAULT_QUOTA", "pods")));
    assertThrows(IllegalArgumentException.class,
        () -> PreviewSettings.fromEnvironment(Map.of("ORGSPACE_DEFAULT_QUOTA", "pods=")));
    assertThrows(IllegalArgumentException.class,
        () -> PreviewSettings.fromEnvironment(Map.of("ORGSPACE_DEFAULT_CONTAINER_LIMITS", "cpu=lots")));
  }
}
