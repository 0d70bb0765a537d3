package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.Role;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PermissionMatrixTest {

  private static boolean grants(ClusterRole role, String group, String resource, String verb) {
    return role.getRules().stream().anyMatch(r -> r.getApiGroups().contains(group)
        && r.getResources().contains(resource) && r.getVerbs().contains(verb));
  }

  @Test
  void rolesNameExactGroupsResourcesAndVerbs() {
    for (ClusterRole role : RoleClusterRoles.all()) {
      for (PolicyRule rule : role.getRules()) {
        assertFalse(rule.getApiGroups().contains("*") || rule.getResources().contains("*")
            || rule.getVerbs().contains("*"), role.getMetadata().getName() + " has a wildcard: " + rule);
        assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
      }
    }
  }

  @Test
  void onlyOwnersManageMembersKeysAndSecrets() {
    for (Role role : Role.values()) {
      ClusterRole clusterRole = RoleClusterRoles.forRole(role);
      boolean owner = role == Role.Owner;
      assertEquals(owner, grants(clusterRole, "orgspace.io", "memberships", "create"), role.name());
      assertEquals(owner, grants(clusterRole, "orgspace.io", "apikeys", "create"), role.name());
      assertEquals(owner, grants(clusterRole, "", "secrets", "get"), role.name());
      assertFalse(grants(clusterRole, "rbac.authorization.k8s.io", "rolebindings", "create"), role.name());
    }
  }

  @Test
  void fieldLevelRowsAreCustomVerbsOfTheRolesTheMatrixNames() {
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", AdmissionPolicies.DEPLOY));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", AdmissionPolicies.CONFIGURE));
    assertEquals(Set.of(Role.Owner), holders("projects", AdmissionPolicies.CONFIGURE));
    assertEquals(Set.of(Role.Owner, Role.Developer, Role.Support), holders("projects", "patch"));
    assertEquals(Set.of(Role.Owner, Role.Developer, Role.Support), holders("environments", "create"));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", "patch"));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("pods/exec", "create"));
    assertEquals(Set.of(Role.values()), holders("pods", "list"));
  }

  private static Set<Role> holders(String resource, String verb) {
    String group = resource.contains("/") || resource.equals("pods") ? "" : "orgspace.io";
    return Arrays.stream(Role.values())
        .filter(role -> grants(RoleClusterRoles.forRole(role), group, resource, verb))
        .collect(Collectors.toSet());
  }

  @Test
  void theProjectPolicyGuardsEveryProjectFieldButFilesAndVariables() {
    Set<String> fields = Arrays.stream(ProjectSpec.class.getFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).collect(Collectors.toSet());
    fields.removeAll(Set.of("files", "variables"));
    assertEquals(fields, Set.copyOf(AdmissionPolicies.PROJECT_SETTINGS),
        "a new Project field must be added to the admission policy (or opened to non-owners on purpose)");
  }

  @Test
  void deployFieldsAreEnvironmentFields() {
    Set<String> fields = Arrays.stream(EnvironmentSpec.class.getFields()).map(Field::getName).collect(Collectors.toSet());
    assertTrue(fields.containsAll(AdmissionPolicies.DEPLOY_FIELDS));
    assertTrue(fields.contains("variables"));
  }
}
