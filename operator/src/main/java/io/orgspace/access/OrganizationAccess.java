package io.orgspace.access;

import io.orgspace.api.ApiKey;
import io.orgspace.api.GroupMapping;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationSpec;
import io.orgspace.api.Role;
import io.orgspace.api.RoleHolders;
import io.orgspace.api.Subject;
import io.orgspace.api.SubjectKind;
import java.time.Instant;
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
 * Who holds which role in an organization: a pure function of the Organization, its Memberships,
 * its API keys and the time. Sources are the Organization's owners, its SSO group mappings, its
 * Memberships and its API keys; removing a source removes the subject from every binding in one
 * reconcile of the organization.
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

  /**
   * Who holds each role: owners, SSO groups (with the organization's prefix), Memberships in
   * effect, and API keys through their ServiceAccount (revoked or expired keys, as of {@code now},
   * hold nothing).
   */
  public static Map<Role, SortedSet<RbacSubject>> holders(Organization organization, Collection<Membership> memberships,
      Collection<ApiKey> apiKeys, Instant now) {
    Map<Role, SortedSet<RbacSubject>> byRole = memberHolders(organization, memberships);
    for (ApiKey key : apiKeys) {
      if (key.getSpec() == null || key.getSpec().scope == null || key.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      var plan = ApiKeyPlan.of(key, organization, now);
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

  /** An organization's own ClusterRoles (and their bindings): {@code orgspace-org-<organization>-owner}, {@code -member}. */
  public static final String CLUSTER_ROLE_PREFIX = "orgspace-org-";
  public static final String OWNER_SUFFIX = "-owner";
  public static final String MEMBER_SUFFIX = "-member";
  /** What an organization's owner ClusterRole grants on its Organization (the member one: get). */
  public static final List<String> ORGANIZATION_VERBS = List.of("get", "update", "patch");
  /** Every Role the operator makes (one that reads named Secrets in a home namespace) is named so. */
  public static final String SECRET_READER_PREFIX = "orgspace-";

  public static String ownerClusterRoleName(String organization) {
    return CLUSTER_ROLE_PREFIX + organization + OWNER_SUFFIX;
  }

  public static String memberClusterRoleName(String organization) {
    return CLUSTER_ROLE_PREFIX + organization + MEMBER_SUFFIX;
  }

  /** The role RoleBindings in each namespace of an organization are named after the role's ClusterRole. */
  public static String roleBindingName(Role role) {
    return role.clusterRoleName();
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
