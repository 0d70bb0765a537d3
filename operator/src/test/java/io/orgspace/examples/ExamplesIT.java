package io.orgspace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.ResourceStatus;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/ applies cleanly to the real API server, again and in other orders, and converges. */
class ExamplesIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static KubernetesClient client;
  private static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    client = ControlPlane.admin();
    operator = OperatorProcess.start("examples-it").awaitReady();
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    try {
      client.resources(Organization.class).withName("acme").delete();
      Poll.until(CONVERGE, "org-acme deleted", () -> client.namespaces().withName("org-acme").get() == null);
    } finally {
      operator.close(); // never leave an operator running into the next test class
    }
  }

  private static void apply(List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      client.resource(object).fieldManager("orgspace-examples").forceConflicts().serverSideApply();
    }
  }

  @Test
  void appliesInAnyOrderAndConverges() throws Exception {
    Path root = ControlPlane.repositoryRoot();
    List<HasMetadata> inFileOrder = new ArrayList<>();
    for (Path file : Examples.files(root)) {
      inFileOrder.addAll(Examples.load(client, file));
    }
    apply(inFileOrder);
    String namespaceUid = client.namespaces().withName("org-acme").get().getMetadata().getUid();

    List<HasMetadata> reversed = new ArrayList<>(inFileOrder);
    Collections.reverse(reversed);
    apply(reversed);
    List<HasMetadata> shuffled = new ArrayList<>(inFileOrder);
    Collections.shuffle(shuffled, new Random(42));
    apply(shuffled);

    Poll.until(CONVERGE, "organization acme Ready", () -> {
      Organization acme = client.resources(Organization.class).withName("acme").get();
      return acme.getStatus() != null && Conditions.isTrue(acme.getStatus().conditions, Condition.READY);
    });
    for (Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ? extends ResourceStatus>> kind : List.of(
        Membership.class, Project.class, Environment.class)) {
      List<String> names = inFileOrder.stream().filter(o -> io.fabric8.kubernetes.api.model.HasMetadata.getKind(kind)
          .equals(o.getKind())).map(o -> o.getMetadata().getName()).toList();
      assertEquals(false, names.isEmpty(), "examples/ has a " + kind.getSimpleName());
      Poll.until(CONVERGE, "every " + kind.getSimpleName() + " of examples/ Ready", () -> names.stream()
          .map(name -> client.resources(kind).inNamespace("org-acme").withName(name).get())
          .allMatch(o -> o != null && o.getStatus() != null && Conditions.isTrue(o.getStatus().conditions, Condition.READY)));
    }
    assertEquals(namespaceUid, client.namespaces().withName("org-acme").get().getMetadata().getUid(),
        "the declared home namespace is adopted, not replaced");
  }
}
