package io.orgspace.environment;

import io.orgspace.api.Environment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;

/** Model objects for unit tests, from YAML as a user writes them. */
final class Fixtures {
  private Fixtures() {}

  static Organization organization(String name, String created, String... domains) {
    Organization org = Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: %s, creationTimestamp: "%s"}
        spec: {domains: [%s]}
        """.formatted(name, created, String.join(", ", domains)), Organization.class);
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
