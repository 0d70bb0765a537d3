package io.orgspace.environment;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.DomainHold;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationStatus;
import io.orgspace.api.Project;
import io.orgspace.testing.TestOrganization;
import java.util.ArrayList;

/** Model objects for unit tests, from YAML as a user writes them (the organization from the shared fixture). */
final class Fixtures {
  private Fixtures() {}

  /** An organization whose claims on its domains the operator recorded when it was created. */
  static Organization organization(String name, String created, String... domains) {
    Organization org = TestOrganization.named(name).domains(domains).build();
    org.getMetadata().setCreationTimestamp(created);
    return claimed(org, created, domains);
  }

  /** Adds claims on the domains to the organization's spec and records them on the domains at the given time. */
  static Organization claimed(Organization org, String since, String... domains) {
    if (org.getStatus() == null) {
      org.setStatus(new OrganizationStatus());
    }
    if (org.getStatus().domains == null) {
      org.getStatus().domains = new ArrayList<>();
    }
    for (String domain : domains) {
      if (!org.getSpec().domains.contains(domain)) {
        org.getSpec().domains = new ArrayList<>(org.getSpec().domains);
        org.getSpec().domains.add(domain);
      }
      org.getStatus().domains.add(new DomainHold(domain, since, null));
    }
    return org;
  }

  static Project project(String org, String yamlSpec) {
    return Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: shop, namespace: org-%s}
        spec: %s
        """.formatted(org, yamlSpec), Project.class);
  }

  static Environment environment(String org, String name, String created, String yamlSpec) {
    return Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: org-%s, creationTimestamp: "%s"}
        spec: %s
        """.formatted(name, org, created, yamlSpec), Environment.class);
  }
}
