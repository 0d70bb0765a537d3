package io.orgspace.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.api.Condition;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The operator jar against the real API server: home namespaces, status, deletion, clean stop. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
  private static KubernetesClient client;
  private static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    client = ControlPlane.admin();
    operator = OperatorProcess.start("organization-it").awaitReady();
  }

  @AfterAll
  static void stopOperator() throws InterruptedException {
    try {
    } finally {
      operator.close(); // never leave an operator running into the next test class
    }
  }

  private static TestOrganization organization(String name) {
    return TestOrganization.named(name).displayName("Test " + name).owner("alice@" + name + ".example").domain();
  }

  private static void awaitNamespaceGone(String namespace) {
    Poll.until(CONVERGE, "namespace " + namespace + " deleted", () -> client.namespaces().withName(namespace).get() == null);
  }

  @Test
  @Order(1)
  void createsHomeNamespaceAndReportsReady() {
    String name = "it-home-" + SUFFIX;
    Organization ready = organization(name).create(client).awaitReadyForGeneration(CONVERGE);
    assertEquals("org-" + name, ready.getStatus().namespace);
    Condition condition = Conditions.find(ready.getStatus().conditions, Condition.READY);
    assertEquals("Reconciled", condition.reason);
    assertEquals(ready.getMetadata().getGeneration(), condition.observedGeneration);

    Namespace home = client.namespaces().withName("org-" + name).get();
    assertEquals("orgspace", home.getMetadata().getLabels().get(Labels.MANAGED_BY));
    assertEquals(name, home.getMetadata().getLabels().get(Labels.ORGANIZATION));
    assertTrue(home.getMetadata().getOwnerReferences().isEmpty(),
        "a home namespace must not be owned: deleting the CRD would garbage-collect it");

    client.resource(ready).delete();
    awaitNamespaceGone("org-" + name);
    Poll.until(CONVERGE, "organization " + name + " gone",
        () -> client.resources(Organization.class).withName(name).get() == null);
  }

  @Test
  @Order(2)
  void restoresAHandDeletedHomeNamespace() {
    String name = "it-drift-" + SUFFIX;
    organization(name).create(client).awaitReadyForGeneration(CONVERGE);
    String firstUid = client.namespaces().withName("org-" + name).get().getMetadata().getUid();

    client.namespaces().withName("org-" + name).delete();
    Poll.until(CONVERGE, "namespace org-" + name + " recreated", () -> {
      Namespace ns = client.namespaces().withName("org-" + name).get();
      return ns != null && !ns.getMetadata().getUid().equals(firstUid) && ns.getMetadata().getDeletionTimestamp() == null;
    });

    client.resources(Organization.class).withName(name).delete();
    awaitNamespaceGone("org-" + name);
  }

  @Test
  @Order(3)
  void adoptsALabelledNamespaceDeclaredAheadOfTheOrganization() {
    String name = "it-adopt-" + SUFFIX;
    Namespace declared = client.resource(new NamespaceBuilder().withNewMetadata().withName("org-" + name)
        .withLabels(Labels.forOrganization(name)).endMetadata().build()).create();

    organization(name).create(client).awaitReadyForGeneration(CONVERGE);
    assertEquals(declared.getMetadata().getUid(), client.namespaces().withName("org-" + name).get().getMetadata().getUid());

    client.resources(Organization.class).withName(name).delete();
    awaitNamespaceGone("org-" + name);
  }

  @Test
  @Order(4)
  void refusesANamespaceItDidNotMake() {
    String name = "it-conflict-" + SUFFIX;
    client.resource(new NamespaceBuilder().withNewMetadata().withName("org-" + name)
        .withLabels(Map.of("team", "someone-else")).endMetadata().build()).create();

    organization(name).create(client);
    Poll.until(CONVERGE, "NamespaceConflict reported", () -> {
      Organization org = client.resources(Organization.class).withName(name).get();
      Condition ready = org.getStatus() == null ? null : Conditions.find(org.getStatus().conditions, Condition.READY);
      return ready != null && Condition.FALSE.equals(ready.status) && "NamespaceConflict".equals(ready.reason);
    });
    Namespace untouched = client.namespaces().withName("org-" + name).get();
    assertEquals(Map.of("team", "someone-else", "kubernetes.io/metadata.name", "org-" + name),
        untouched.getMetadata().getLabels());

    client.resources(Organization.class).withName(name).delete();
    Poll.until(CONVERGE, "organization " + name + " gone",
        () -> client.resources(Organization.class).withName(name).get() == null);
    assertNull(client.namespaces().withName("org-" + name).get().getMetadata().getDeletionTimestamp(),
        "a namespace Orgspace did not make is never deleted by it");
    client.namespaces().withName("org-" + name).delete();
  }

  @Test
  @Order(5)
  void anOrganizationWithoutSpecIsRefused() {
    String name = "it-bare-" + SUFFIX;
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> TestOrganization.named(name).withoutSpec().create(client));
    assertEquals(422, refused.getCode());
    assertTrue(refused.getMessage().contains("at least one owner"), refused.getMessage());
    assertNull(client.resources(Organization.class).withName(name).get());
  }

  @Test
  @Order(6)
  void servesHealthAndMetricsAndLogsEachReconcile() {
    assertEquals(200, operator.get("/healthz"));
    assertEquals(200, operator.get("/readyz"));
    String metrics = operator.body("/metrics");
    assertTrue(metrics.contains("operator_sdk_reconciliations_executions_organization"), metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
    assertTrue(operator.log().contains("organization reconcile it-home-" + SUFFIX + ": "),
        "one log line per reconcile outcome");
  }

  @Test
  @Order(7)
  void exitsZeroWithinTenSecondsOfSigterm() throws InterruptedException {
    long start = System.nanoTime();
    int exit = operator.terminate(Duration.ofSeconds(10));
    assertEquals(0, exit, "exit code after SIGTERM; log:\n" + operator.log());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    assertTrue(operator.log().contains("orgspace operator stopped"));
  }
}
