package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubernetesClientsTest {
  @Test
  void requestsAreCountedByTheResourceTheirPathNames() {
    assertEquals("secrets", KubernetesClients.resourceOf("/api/v1/namespaces/org-acme/secrets/hook"));
    assertEquals("secrets", KubernetesClients.resourceOf("/api/v1/secrets"));
    assertEquals("namespaces", KubernetesClients.resourceOf("/api/v1/namespaces/org-acme"));
    assertEquals("namespaces", KubernetesClients.resourceOf("/api/v1/namespaces"));
    assertEquals("projects", KubernetesClients.resourceOf("/apis/orgspace.io/v1alpha1/namespaces/org-acme/projects/shop/status"));
    assertEquals("leases", KubernetesClients.resourceOf("/apis/coordination.k8s.io/v1/namespaces/default/leases/orgspace"));
    assertEquals("customresourcedefinitions",
        KubernetesClients.resourceOf("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/organizations.orgspace.io"));
    assertEquals("other", KubernetesClients.resourceOf("/apis/orgspace.io/v1alpha1"));
    assertEquals("other", KubernetesClients.resourceOf("/version"));
  }
}
