package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.webhook.Deliveries;
import io.orgspace.api.Project;
import io.orgspace.api.ResourceStatus;
import io.orgspace.api.Role;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.common.Conditions;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.Provenance;
import io.orgspace.organization.SecretReaderRolesDependent;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization's namespaces are its own by proof (its labels and UID on the namespace), and the
 * operator grants and writes over only what it made.
 */
class OwnershipIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "own-" + SFX;
  private static final String HOME = Organization.homeNamespace(ORG);
  private static final String OTHER = "own-other-" + SFX;
  private static final String OTHER_HOME = Organization.homeNamespace(OTHER);
  private static final String PLANTED_WEBHOOK_SECRET = "planted-" + UUID.randomUUID();
  private static final String DEV = "dev@" + ORG + ".example";
  private static final String FOREIGN_PASSWORD = "foreign-" + UUID.randomUUID();

  private static KubernetesClient admin;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("ownership-it").awaitReady();
    TestOrganization.named(ORG).owner().domain().create(admin).awaitReady(CONVERGE);
    TestOrganization.named(OTHER).owner().create(admin).awaitReady(CONVERGE);
    TestMembership.create(admin, HOME, "dev", DEV, Role.Developer);
    TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/shop")
        .previewDomain("shop." + TestOrganization.domainOf(ORG)).previewImage("registry.example/shop:1")
        .previewBasicAuth().create(admin);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, Duration.ofMinutes(3), ORG, OTHER));
  }

  private static <T extends CustomResource<?, ? extends ResourceStatus>> Condition awaitReadyCondition(Class<T> type,
      String namespace, String name, String status, String reason) {
    Poll.until(CONVERGE, type.getSimpleName() + " " + name + " Ready=" + status + " " + reason, () -> {
      T object = get(type, namespace, name);
      Condition ready = object == null || object.getStatus() == null ? null
          : Conditions.find(object.getStatus().conditions, Condition.READY);
      return ready != null && status.equals(ready.status) && reason.equals(ready.reason);
    });
    return Conditions.find(get(type, namespace, name).getStatus().conditions, Condition.READY);
  }

  /** {@code namespace} null for a cluster-scoped kind. */
  private static <T extends CustomResource<?, ?>> T get(Class<T> type, String namespace,
      String name) {
    return namespace == null ? admin.resources(type).withName(name).get()
        : admin.resources(type).inNamespace(namespace).withName(name).get();
  }

  private static Environment environment(String name) {
    return Serialization.unmarshal("""
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: shop}
        """.formatted(name, HOME), Environment.class);
  }

  private static String decoded(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static void awaitEvent(String namespace, String kind, String name, String reason) {
    Poll.until(CONVERGE, "a " + reason + " event on " + kind + " " + name, () -> admin.events().v1().events()
        .inNamespace(namespace).list().getItems().stream().anyMatch(e -> name.equals(e.getRegarding().getName())
            && kind.equals(e.getRegarding().getKind()) && reason.equals(e.getReason())));
  }

  @Test
  void aMembershipInAHomeNamespaceThatLacksItsOrganizationsUidIsIgnoredAndReported() {
    // OTHER's home namespace is labelled for OTHER, but records ORG's UID (a hand edit): it is not
    // proven OTHER's, and ORG is alive, so the operator does not take it back either.
    String orgUid = admin.resources(Organization.class).withName(ORG).get().getMetadata().getUid();
    admin.namespaces().withName(OTHER_HOME).edit(ns -> {
      ns.getMetadata().getLabels().put(TenantNamespaces.ORGANIZATION_UID, orgUid);
      return ns;
    });
    String otherUid = admin.resources(Organization.class).withName(OTHER).get().getMetadata().getUid();
    try {
      awaitReadyCondition(Organization.class, null, OTHER, Condition.FALSE, "NamespaceConflict");
      TestMembership.create(admin, OTHER_HOME, "planted", "eve@" + SFX + ".example", Role.Owner);

      Condition reported = awaitReadyCondition(Membership.class, OTHER_HOME, "planted", Condition.FALSE,
          HomeNamespaces.NOT_VERIFIED);
      assertTrue(reported.message.contains(TenantNamespaces.ORGANIZATION_UID), reported.message);
      awaitEvent(OTHER_HOME, "Membership", "planted", HomeNamespaces.NOT_VERIFIED);
      Organization other = admin.resources(Organization.class).withName(OTHER).get();
      assertFalse(Serialization.asJson(other.getStatus()).contains("eve@"), "not counted among the organization's members");
      assertTrue(admin.rbac().roleBindings().inNamespace(OTHER_HOME).list().getItems().stream()
          .flatMap(b -> b.getSubjects().stream()).noneMatch(s -> s.getName().startsWith("eve@")), "and bound nowhere");
      assertTrue(admin.rbac().clusterRoleBindings().withLabel(Labels.ORGANIZATION, OTHER).list().getItems().stream()
          .flatMap(b -> b.getSubjects().stream()).noneMatch(s -> s.getName().startsWith("eve@")), "not cluster-wide either");

      // A Project planted there with its own webhook secret collects no deliveries either.
      admin.resource(new SecretBuilder().withNewMetadata().withName("planted-hook").withNamespace(OTHER_HOME).endMetadata()
          .addToStringData("secret", PLANTED_WEBHOOK_SECRET).build()).create();
      TestProject.named("planted").in(OTHER_HOME).repository(GitProvider.github, "https://github.com/acme/shop")
          .webhookSecret("planted-hook", "secret").previewImage("registry.example/shop:1").create(admin);
      awaitReadyCondition(Project.class, OTHER_HOME, "planted", Condition.FALSE, HomeNamespaces.NOT_VERIFIED);
      assertEquals(401, Deliveries.post(operator.webhookUrl(OTHER, "planted"), Deliveries.pullRequest(GitProvider.github,
          PLANTED_WEBHOOK_SECRET, "opened", 3, "bbbbbbb3", "2026-11-30T10:00:00Z", false, false)));
      assertTrue(admin.resources(Environment.class).inNamespace(OTHER_HOME).list().getItems().isEmpty());
    } finally {
      // The UID put back by hand, the namespace is OTHER's again, and the Membership counts.
      admin.namespaces().withName(OTHER_HOME).edit(ns -> {
        ns.getMetadata().getLabels().put(TenantNamespaces.ORGANIZATION_UID, otherUid);
        return ns;
      });
    }
    awaitReadyCondition(Membership.class, OTHER_HOME, "planted", Condition.TRUE, "Bound");
    admin.resources(Membership.class).inNamespace(OTHER_HOME).withName("planted").delete();
  }

  @Test
  void aForeignSecretNamedLikeAnEnvironmentsCredentialsIsNeitherGrantedNorOverwritten() {
    KubernetesClient dev = ControlPlane.as(DEV);
    // One without any label, one dressed up with Orgspace's labels (but not owned by the Environment).
    Map<String, Map<String, String>> foreign = Map.of(
        "db", Map.of("team", "payments"),
        "dressed", Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.ORGANIZATION, ORG, Labels.ENVIRONMENT, "dressed"));
    foreign.forEach((environment, labels) -> admin.resource(new SecretBuilder().withNewMetadata()
        .withName(Environment.credentialsSecretName(environment)).withNamespace(HOME).withLabels(labels).endMetadata()
        .addToStringData("password", FOREIGN_PASSWORD).build()).create());
    admin.resource(environment("honest")).create();
    foreign.keySet().forEach(environment -> admin.resource(environment(environment)).create());

    awaitReadyCondition(Environment.class, HOME, "honest", Condition.TRUE, "Deployed");
    Poll.until(CONVERGE, "members read the honest environment's credentials", () -> {
      try {
        return dev.secrets().inNamespace(HOME).withName(Environment.credentialsSecretName("honest")).get() != null;
      } catch (KubernetesClientException e) {
        return false;
      }
    });
    for (String environment : foreign.keySet()) {
      String secretName = Environment.credentialsSecretName(environment);
      Condition conflict = awaitReadyCondition(Environment.class, HOME, environment, Condition.FALSE, Provenance.CONFLICT_REASON);
      assertTrue(conflict.message.contains(secretName), conflict.message);
      assertFalse(conflict.message.contains(FOREIGN_PASSWORD));
      awaitEvent(HOME, "Environment", environment, Provenance.CONFLICT_REASON);

      Secret untouched = admin.secrets().inNamespace(HOME).withName(secretName).get();
      assertEquals(foreign.get(environment), untouched.getMetadata().getLabels(), "not relabelled");
      assertTrue(untouched.getMetadata().getOwnerReferences().isEmpty(), "not adopted");
      assertEquals(Set.of("password"), untouched.getData().keySet(), "not overwritten");
      assertEquals(FOREIGN_PASSWORD, decoded(untouched, "password"));
      var readers = admin.rbac().roles().inNamespace(HOME).withName(SecretReaderRolesDependent.CREDENTIALS).get();
      assertFalse(readers.getRules().stream().anyMatch(r -> r.getResourceNames().contains(secretName)), "not granted");
      var refused = assertThrows(KubernetesClientException.class,
          () -> dev.secrets().inNamespace(HOME).withName(secretName).get());
      assertEquals(403, refused.getCode());
    }
    foreign.keySet().forEach(environment -> {
      admin.resources(Environment.class).inNamespace(HOME).withName(environment).delete();
      Poll.until(CONVERGE, environment + " gone", () ->
          admin.resources(Environment.class).inNamespace(HOME).withName(environment).get() == null);
      assertEquals(FOREIGN_PASSWORD, decoded(admin.secrets().inNamespace(HOME)
          .withName(Environment.credentialsSecretName(environment)).get(), "password"),
          "still there after the Environment is gone: it was never the operator's");
    });
  }

  @Test
  void environmentNamespacesCarryTheirOrganizationsUidAndNeverAHomesName() {
    admin.resource(environment("named")).create();
    awaitReadyCondition(Environment.class, HOME, "named", Condition.TRUE, "Deployed");
    Environment env = admin.resources(Environment.class).inNamespace(HOME).withName("named").get();
    String ns = env.getStatus().namespace;
    assertEquals(TenantNamespaces.environment(ORG, "shop", "named"), ns);
    assertNotEquals(null, ns);
    assertNull(TenantNamespaces.claimedOrganization(ns));
    assertEquals(admin.resources(Organization.class).withName(ORG).get().getMetadata().getUid(),
        admin.namespaces().withName(ns).get().getMetadata().getLabels().get(TenantNamespaces.ORGANIZATION_UID));
  }
}
