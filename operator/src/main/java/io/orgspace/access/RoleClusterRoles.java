package io.orgspace.access;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.orgspace.api.Labels;
import io.orgspace.api.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The four role ClusterRoles, rendered from the permission matrix with sorted, stable rules. */
public final class RoleClusterRoles {
  private RoleClusterRoles() {}

  public static List<ClusterRole> all() {
    List<ClusterRole> roles = new ArrayList<>();
    for (Role role : Role.values()) {
      roles.add(forRole(role));
    }
    return roles;
  }

  public static ClusterRole forRole(Role role) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(role.clusterRoleName())
        .withLabels(new TreeMap<>(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, "orgspace.io/role", role.name())))
        .endMetadata()
        .withRules(rules(PermissionMatrix.capabilities(role)))
        .build();
  }

  /** Merges the capabilities' rules per (group, resource), verbs in a fixed order. */
  static List<PolicyRule> rules(Set<Capability> capabilities) {
    Map<String, Map<String, Set<String>>> byGroup = new TreeMap<>();
    for (Capability capability : capabilities) {
      for (Rule rule : capability.rules()) {
        byGroup.computeIfAbsent(rule.apiGroup(), g -> new TreeMap<>())
            .computeIfAbsent(rule.resource(), r -> new java.util.TreeSet<>())
            .addAll(rule.verbs());
      }
    }
    List<PolicyRule> rules = new ArrayList<>();
    byGroup.forEach((group, resources) -> resources.forEach((resource, verbs) ->
        rules.add(new PolicyRuleBuilder()
            .withApiGroups(group)
            .withResources(resource)
            .withVerbs(new ArrayList<>(new LinkedHashSet<>(verbs)))
            .build())));
    return rules;
  }
}
