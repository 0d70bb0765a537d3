package io.orgspace.environment;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.testing.TestOrganization;

/** Model objects for unit tests, from YAML as a user writes them (the organization from the shared fixture). */
final class Fixtures {
  private Fixtures() {}

  static Organization organization(String name, String created, String... domains) {
    Organization org = TestOrganization.named(name).domains(domains).build();
    org.getMetadata().setCreationTimestamp(created);
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
