package io.orgspace.access;

import io.orgspace.api.GroupMapping;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationSpec;
import io.orgspace.api.RoleHolders;
import io.orgspace.api.Subject;
import io.orgspace.organization.HomeNamespaceRoles;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.orgspace.api.Labels;
import io.orgspace.api.Role;
import io.orgspace.api.SubjectKind;
import io.orgspace.api.Membership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who holds which role in an organization, and the RBAC objects that grant it: pure functions
 * of the Organization, its Memberships and the organization's namespaces.
 *
 * <p>Each namespace of the organization gets one RoleBinding per role that has holders, named
 * {@code orgspace-<role>}, binding Orgspace's ClusterRole for that role. Sources are the
 * Organization's owners, its SSO group mappings and its Memberships; removing a source removes
 * the subject from every binding in one reconcile.
 */
public final class OrganizationAccess {
  private OrganizationAccess() {}

  /** Memberships that grant their role: the oldest Membership of a user wins over later duplicates. */
  public static List<Membership> effectiveMemberships(Collection<Membership> memberships) {
    List<Membership> ordered = memberships.stream()
        .filter(m -> m.getSpec() != null && m.getSpec().user != null && m.getSpec().role != null)
        .filter(m -> m.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing((Membership m) -> String.valueOf(m.getMetadata().getCreationTimestamp()))
            .thenComparing(m -> m.getMetadata().getName()))
        .toList();
    Set<String> seen = new java.util.HashSet<>();
    List<Membership> effective = new ArrayList<>();
    for (Membership membership : ordered) {
      if (seen.add(membership.getSpec().user)) {
        effective.add(membership);
      }
    }
    return effective;
  }

  public static Map<Role, SortedSet<RbacSubject>> holders(Organization organization, Collection<Membership> memberships) {
    return holders(organization, memberships, List.of());
  }

  /** API keys hold their scope through their ServiceAccount; revoked or expired keys hold nothing. */
  public static Map<Role, SortedSet<RbacSubject>> holders(Organization organization, Collection<Membership> memberships,
      Collection<io.orgspace.api.ApiKey> apiKeys) {
    Map<Role, SortedSet<RbacSubject>> byRole = memberHolders(organization, memberships);
    java.time.Instant now = java.time.Instant.now();
    for (io.orgspace.api.ApiKey key : apiKeys) {
      if (key.getSpec() == null || key.getSpec().scope == null || key.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      var plan = io.orgspace.access.ApiKeyPlan.of(key, organization, now);
      if (plan.active()) {
        byRole.get(key.getSpec().scope).add(RbacSubject.serviceAccount(key.getMetadata().getNamespace(), plan.serviceAccount()));
      }
    }
    return byRole;
  }

  private static Map<Role, SortedSet<RbacSubject>> memberHolders(Organization organization, Collection<Membership> memberships) {
    Map<Role, SortedSet<RbacSubject>> byRole = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      byRole.put(role, new TreeSet<>());
    }
    OrganizationSpec spec = organization.getSpec();
    if (spec != null && spec.owners != null) {
      for (Subject owner : spec.owners) {
        byRole.get(Role.Owner).add(owner.kind == SubjectKind.Group
            ? RbacSubject.group(owner.name) : RbacSubject.user(owner.name));
      }
    }
    if (spec != null && spec.sso != null && spec.sso.groupMappings != null) {
      String prefix = spec.sso.groupPrefix == null ? "" : spec.sso.groupPrefix;
      for (GroupMapping mapping : spec.sso.groupMappings) {
        byRole.get(mapping.role).add(RbacSubject.group(prefix + mapping.group));
      }
    }
    for (Membership membership : effectiveMemberships(memberships)) {
      byRole.get(membership.getSpec().role).add(RbacSubject.user(membership.getSpec().user));
    }
    return byRole;
  }

  public static String roleBindingName(Role role) {
    return role.clusterRoleName();
  }

  public static List<RoleBinding> roleBindings(String organization, Collection<String> namespaces,
      Map<Role, SortedSet<RbacSubject>> holders) {
    List<RoleBinding> bindings = new ArrayList<>();
    for (String namespace : new TreeSet<>(namespaces)) {
      for (Role role : Role.values()) {
        SortedSet<RbacSubject> subjects = holders.get(role);
        if (subjects.isEmpty()) {
          continue;
        }
        bindings.add(new RoleBindingBuilder()
            .withNewMetadata()
            .withName(roleBindingName(role))
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
  public static RoleBinding credentialsBinding(String organization, Map<Role, SortedSet<RbacSubject>> holders) {
    SortedSet<RbacSubject> everyone = new TreeSet<>();
    holders.values().forEach(everyone::addAll);
    return secretReaderBinding(organization, HomeNamespaceRoles.CREDENTIALS, everyone);
  }

  /** Binds a member's SSH certificate reader Role to that member alone. */
  public static RoleBinding certificateBinding(String organization, String roleName, String user) {
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

  public static String ownerClusterRoleName(String organization) {
    return "orgspace-org-" + organization + "-owner";
  }

  public static String memberClusterRoleName(String organization) {
    return "orgspace-org-" + organization + "-member";
  }

  /**
   * Access to the Organization object itself, by name: Owners may read and update it (its owners,
   * SSO mappings, domains); every member may read it (its status lists who holds which role). No
   * one but the cluster's admins may list organizations or delete one.
   */
  public static List<ClusterRole> clusterRoles(String organization) {
    return List.of(
        clusterRole(ownerClusterRoleName(organization), organization, "get", "update", "patch"),
        clusterRole(memberClusterRoleName(organization), organization, "get"));
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

  public static List<ClusterRoleBinding> clusterRoleBindings(String organization,
      Map<Role, SortedSet<RbacSubject>> holders) {
    SortedSet<RbacSubject> everyone = new TreeSet<>();
    holders.values().forEach(everyone::addAll);
    return List.of(
        clusterRoleBinding(ownerClusterRoleName(organization), organization, holders.get(Role.Owner)),
        clusterRoleBinding(memberClusterRoleName(organization), organization, everyone));
  }

  private static ClusterRoleBinding clusterRoleBinding(String name, String organization, SortedSet<RbacSubject> subjects) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(name).withLabels(Labels.forOrganization(organization)).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
        .withSubjects(subjects.stream().map(RbacSubject::toSubject).toList())
        .build();
  }

  /** The audit view for the Organization's status. */
  public static List<RoleHolders> summary(Map<Role, SortedSet<RbacSubject>> holders) {
    List<RoleHolders> summary = new ArrayList<>();
    for (Role role : Role.values()) {
      SortedSet<RbacSubject> subjects = holders.get(role);
      if (subjects.isEmpty()) {
        continue;
      }
      RoleHolders entry = new RoleHolders();
      entry.role = role;
      entry.users = names(subjects, RbacSubject.USER);
      entry.groups = names(subjects, RbacSubject.GROUP);
      entry.serviceAccounts = subjects.stream().filter(s -> RbacSubject.SERVICE_ACCOUNT.equals(s.kind()))
          .map(s -> s.namespace() + "/" + s.name()).toList();
      summary.add(entry);
    }
    return summary;
  }

  private static List<String> names(SortedSet<RbacSubject> subjects, String kind) {
    return subjects.stream().filter(s -> kind.equals(s.kind())).map(RbacSubject::name).collect(Collectors.toList());
  }
}
