package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.access.RbacSubject;
import io.orgspace.access.Rule;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The RBAC objects that grant an organization's roles: pure functions of who holds which role
 * ({@link OrganizationAccess}) and the organization's namespaces.
 *
 * <p>Each namespace of the organization gets one RoleBinding per role that has holders, named
 * {@code orgspace-<role>}, binding Orgspace's ClusterRole for that role.
 */
public final class OrganizationRbac {
  private OrganizationRbac() {}

  static List<RoleBinding> roleBindings(String organization, Collection<String> namespaces,
      Map<io.orgspace.api.Role, SortedSet<RbacSubject>> holders) {
    List<RoleBinding> bindings = new ArrayList<>();
    for (String namespace : new TreeSet<>(namespaces)) {
      for (io.orgspace.api.Role role : io.orgspace.api.Role.values()) {
        SortedSet<RbacSubject> subjects = holders.get(role);
        if (subjects.isEmpty()) {
          continue;
        }
        bindings.add(new RoleBindingBuilder()
            .withNewMetadata()
            .withName(OrganizationAccess.roleBindingName(role))
            .withNamespace(namespace)
            .withLabels(Labels.forOrganization(organization))
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role.clusterRoleName())
            .endRoleRef()
            .withSubjects(subjects.stream().map(RbacSubject::toSubject).toList())
            .build());
      }
    }
    return bindings;
  }

  /** Binds the environment-credentials Role to every holder of any role, in the home namespace. */
  static RoleBinding credentialsBinding(String organization, Map<io.orgspace.api.Role, SortedSet<RbacSubject>> holders) {
    SortedSet<RbacSubject> everyone = new TreeSet<>();
    holders.values().forEach(everyone::addAll);
    return secretReaderBinding(organization, SecretReaderRolesDependent.CREDENTIALS, everyone);
  }

  /** Binds a member's SSH certificate reader Role to that member alone. */
  static RoleBinding certificateBinding(String organization, String roleName, String user) {
    return secretReaderBinding(organization, roleName, new TreeSet<>(java.util.Set.of(RbacSubject.user(user))));
  }

  private static RoleBinding secretReaderBinding(String organization, String roleName, SortedSet<RbacSubject> subjects) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(roleName)
        .withNamespace(Organization.homeNamespace(organization))
        .withLabels(Labels.forOrganization(organization))
        .endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
        .withName(roleName).endRoleRef()
        .withSubjects(subjects.stream().map(RbacSubject::toSubject).toList())
        .build();
  }

  /** The names of an organization's ClusterRoles and of their ClusterRoleBindings. */
  static Set<String> clusterObjectNames(String organization) {
    return Set.of(OrganizationAccess.ownerClusterRoleName(organization), OrganizationAccess.memberClusterRoleName(organization));
  }

  /**
   * Access to the Organization object itself, by name: Owners may read and update it (its owners,
   * SSO mappings, domains); every member may read it (its status lists who holds which role). No
   * one but the cluster's admins may list organizations or delete one.
   */
  static List<ClusterRole> clusterRoles(String organization) {
    return List.of(
        clusterRole(OrganizationAccess.ownerClusterRoleName(organization), organization,
            OrganizationAccess.ORGANIZATION_VERBS.toArray(String[]::new)),
        clusterRole(OrganizationAccess.memberClusterRoleName(organization), organization, "get"));
  }

  private static ClusterRole clusterRole(String name, String organization, String... verbs) {
    return new ClusterRoleBuilder()
        .withNewMetadata().withName(name).withLabels(Labels.forOrganization(organization)).endMetadata()
        .withRules(new PolicyRuleBuilder()
            .withApiGroups(Rule.ORGSPACE_GROUP)
            .withResources("organizations")
            .withResourceNames(organization)
            .withVerbs(verbs)
            .build())
        .build();
  }

  static List<ClusterRoleBinding> clusterRoleBindings(String organization,
      Map<io.orgspace.api.Role, SortedSet<RbacSubject>> holders) {
    SortedSet<RbacSubject> everyone = new TreeSet<>();
    holders.values().forEach(everyone::addAll);
    return List.of(
        clusterRoleBinding(OrganizationAccess.ownerClusterRoleName(organization), organization, holders.get(io.orgspace.api.Role.Owner)),
        clusterRoleBinding(OrganizationAccess.memberClusterRoleName(organization), organization, everyone));
  }

  private static ClusterRoleBinding clusterRoleBinding(String name, String organization, SortedSet<RbacSubject> subjects) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(name).withLabels(Labels.forOrganization(organization)).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
        .withSubjects(subjects.stream().map(RbacSubject::toSubject).toList())
        .build();
  }


  /**
   * A Role in the home namespace that grants reading the named Secrets and nothing else. Its name
   * starts with {@link OrganizationAccess#SECRET_READER_PREFIX}: the operator's guard policy lets it
   * bind no other Role.
   */
  static Role secretReader(String organization, String roleName, List<String> secretNames) {
    if (!roleName.startsWith(OrganizationAccess.SECRET_READER_PREFIX)) {
      throw new IllegalArgumentException("a Secret-reader Role is named " + OrganizationAccess.SECRET_READER_PREFIX + "*: " + roleName);
    }
    return new RoleBuilder()
        .withNewMetadata().withName(roleName).withNamespace(Organization.homeNamespace(organization))
        .withLabels(Labels.forOrganization(organization)).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get")
        .withResourceNames(secretNames).endRule()
        .build();
  }
}
