package io.orgspace.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.access.RbacSubject;
import io.orgspace.api.GroupMapping;
import io.orgspace.api.Membership;
import io.orgspace.api.MembershipSpec;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationSpec;
import io.orgspace.api.Role;
import io.orgspace.api.SsoSpec;
import io.orgspace.api.SubjectKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganizationAccessTest {
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-06-01T00:00:00Z");

  private static Organization acme() {
    Organization org = new Organization();
    org.setMetadata(new ObjectMetaBuilder().withName("acme").build());
    org.setSpec(new OrganizationSpec());
    org.getSpec().owners = List.of(new io.orgspace.api.Subject(SubjectKind.User, "alice@acme.example"),
        new io.orgspace.api.Subject(SubjectKind.Group, "platform-admins"));
    org.getSpec().sso = new SsoSpec();
    org.getSpec().sso.groupPrefix = "oidc:";
    org.getSpec().sso.groupMappings = List.of(new GroupMapping("engineering", Role.Developer));
    return org;
  }

  private static Membership membership(String name, String user, Role role, String created) {
    Membership m = new Membership();
    m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("org-acme").withCreationTimestamp(created).build());
    m.setSpec(new MembershipSpec());
    m.getSpec().user = user;
    m.getSpec().role = role;
    return m;
  }

  @Test
  void ownersMappingsAndMembershipsBecomeHoldersOfTheirRoles() {
    var holders = OrganizationAccess.holders(acme(), List.of(
        membership("bob", "bob@acme.example", Role.Developer, "2026-01-01T00:00:00Z"),
        membership("carol", "carol@acme.example", Role.Manager, "2026-01-01T00:00:00Z")), List.of(), NOW);

    assertEquals(Set.of(RbacSubject.user("alice@acme.example"), RbacSubject.group("platform-admins")), holders.get(Role.Owner));
    assertEquals(Set.of(RbacSubject.group("oidc:engineering"), RbacSubject.user("bob@acme.example")), holders.get(Role.Developer));
    assertEquals(Set.of(RbacSubject.user("carol@acme.example")), holders.get(Role.Manager));
    assertTrue(holders.get(Role.Support).isEmpty());
  }

  @Test
  void theOlderOfTwoMembershipsOfOneUserWins() {
    var effective = OrganizationAccess.effectiveMemberships(List.of(
        membership("late", "bob@acme.example", Role.Owner, "2026-02-01T00:00:00Z"),
        membership("early", "bob@acme.example", Role.Manager, "2026-01-01T00:00:00Z")));

    assertEquals(List.of("early"), effective.stream().map(m -> m.getMetadata().getName()).toList());
  }

  @Test
  void oneBindingPerRoleWithHoldersInEveryNamespaceWithSortedSubjects() {
    var holders = OrganizationAccess.holders(acme(), List.of(), List.of(), NOW);
    List<RoleBinding> bindings = OrganizationRbac.roleBindings("acme", List.of("org-acme", "acme-shop-pr-1"), holders);

    assertEquals(List.of("acme-shop-pr-1/orgspace-owner", "acme-shop-pr-1/orgspace-developer",
        "org-acme/orgspace-owner", "org-acme/orgspace-developer"),
        bindings.stream().map(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName()).toList());
    RoleBinding owner = bindings.get(2);
    assertEquals("orgspace-owner", owner.getRoleRef().getName());
    assertEquals(List.of("Group:platform-admins", "User:alice@acme.example"),
        owner.getSubjects().stream().map(s -> s.getKind() + ":" + s.getName()).toList());
    assertEquals("acme", owner.getMetadata().getLabels().get("orgspace.io/organization"));
  }

  @Test
  void organizationObjectAccessIsByNameOwnersUpdateMembersRead() {
    var holders = OrganizationAccess.holders(acme(), List.of(
        membership("bob", "bob@acme.example", Role.Developer, "2026-01-01T00:00:00Z")), List.of(), NOW);
    var roles = OrganizationRbac.clusterRoles("acme");
    var bindings = OrganizationRbac.clusterRoleBindings("acme", holders);

    assertEquals(List.of("acme"), roles.get(0).getRules().get(0).getResourceNames());
    assertEquals(List.of("get", "update", "patch"), roles.get(0).getRules().get(0).getVerbs());
    assertEquals(List.of("get"), roles.get(1).getRules().get(0).getVerbs());
    assertEquals(List.of("platform-admins", "alice@acme.example"),
        bindings.get(0).getSubjects().stream().map(Subject::getName).toList());
    assertEquals(4, bindings.get(1).getSubjects().size());
  }
}
