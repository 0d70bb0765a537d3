package io.orgspace.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.environment.EnvironmentObjects;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Conflicting writers and hand edits: while other writers update an Environment and its owned
 * objects (the operator's status patches then meet 409 Conflicts), the operator still converges;
 * and owned objects edited, relabelled or deleted by hand are put back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConflictIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static Fleet fleet;
  private static String home;
  private static String namespace;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("conflict-it").awaitReady();
    fleet = new Fleet(admin, "cf", SFX, 1).createOrganizations();
    fleet.createEnvironments(1, 2);
    fleet.awaitConverged(2, CONVERGE);
    home = Fleet.home(fleet.organizations.get(0));
    namespace = environment().getStatus().namespace;
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    try {
      fleet.close();
    } finally {
      operator.close();
    }
  }

  private static Environment environment() {
    return admin.resources(Environment.class).inNamespace(home).withName(Fleet.environmentName(1)).get();
  }

  private static Deployment deployment() {
    return admin.apps().deployments().inNamespace(namespace).withName(EnvironmentObjects.APP).get();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  @Order(1)
  void concurrentWritersOfTheEnvironmentAndItsObjectsDoNotKeepItFromConverging() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    // Writer 1 bumps the Environment's resourceVersion (metadata only) as fast as it can: the
    // operator's status patches carry the version it read and meet 409s.
    Thread bumper = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        try {
          admin.resources(Environment.class).inNamespace(home).withName(Fleet.environmentName(1))
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"test.orgspace.io/bump\":\"" + i + "\"}}}");
          writes.incrementAndGet();
        } catch (KubernetesClientException e) {
          Fleet.sleep(50);
        }
      }
    }, "bumper");
    // Writer 2 rewrites the Deployment (read-modify-write with its version): scale and image.
    Thread editor = new Thread(() -> {
      while (!stop.get()) {
        try {
          Deployment d = deployment();
          d.getSpec().setReplicas(5);
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil.example/miner:1");
          admin.resource(d).update();
          writes.incrementAndGet();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409) {
            conflicts.incrementAndGet();
          }
        }
        Fleet.sleep(100);
      }
    }, "editor");
    // Writer 3 overwrites the Environment's status with its own condition (read-modify-write).
    Thread statusWriter = new Thread(() -> {
      while (!stop.get()) {
        try {
          Environment env = environment();
          env.getStatus().conditions = List.of(new Condition(Condition.READY, Condition.FALSE, "HandWritten", "not mine",
              env.getMetadata().getGeneration()));
          admin.resource(env).updateStatus();
          writes.incrementAndGet();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409) {
            conflicts.incrementAndGet();
          }
        }
        Fleet.sleep(150);
      }
    }, "status-writer");
    long start = System.nanoTime();
    bumper.start();
    editor.start();
    statusWriter.start();
    try {
      // Meanwhile the environment is redeployed three times; each reconcile races the writers.
      for (String sha : List.of("bbbb0001", "bbbb0002", "bbbb0003")) {
        admin.resources(Environment.class).inNamespace(home).withName(Fleet.environmentName(1))
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"pullRequest\":{\"headSha\":\"" + sha + "\"}}}");
        Fleet.sleep(3000);
      }
      // On a busy machine the writers are slower: the race lasts until they have written enough.
      Poll.until(CONVERGE, "the writers writing over 50 times", () -> writes.get() > 50);
    } finally {
      stop.set(true);
      bumper.join();
      editor.join();
      statusWriter.join();
    }
    // The writers are gone: one more change, and the operator's view is the last word.
    admin.resources(Environment.class).inNamespace(home).withName(Fleet.environmentName(1))
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"pullRequest\":{\"headSha\":\"bbbb0004\"}}}");
    Poll.until(CONVERGE, "environment and deployment converged after the writers", () -> {
      Deployment d = deployment();
      return Fleet.ready(environment()) && d.getSpec().getReplicas() == 1
          && "registry.example/shop:bbbb0004".equals(image(d));
    });
    long operatorConflicts = operator.log().lines().filter(line -> line.contains("Conflict")).count();
    System.out.printf("concurrent writers: %d writes, %d of their writes refused with 409, %d conflict lines in the"
        + " operator's log; converged %d ms after the start%n", writes.get(), conflicts.get(), operatorConflicts,
        Duration.ofNanos(System.nanoTime() - start).toMillis());
    assertTrue(conflicts.get() + operatorConflicts > 0, "writes met conflicts");
    assertEquals(List.of(), fleet.audit());
  }

  @Test
  @Order(2)
  void handEditedOwnedObjectsArePutBack() {
    NetworkPolicy policy = admin.network().v1().networkPolicies().inNamespace(namespace).withName(EnvironmentObjects.ISOLATION).get();
    var isolation = policy.getSpec();
    resolved("NetworkPolicy opened to everything", () -> {
      NetworkPolicy open = admin.network().v1().networkPolicies().inNamespace(namespace).withName(EnvironmentObjects.ISOLATION).get();
      open.getSpec().setIngress(List.of(new NetworkPolicyIngressRuleBuilder().build()));
      open.getSpec().setEgress(List.of(new NetworkPolicyEgressRuleBuilder().build()));
      admin.resource(open).update();
    }, () -> isolation.equals(admin.network().v1().networkPolicies().inNamespace(namespace)
        .withName(EnvironmentObjects.ISOLATION).get().getSpec()));

    String image = image(deployment());
    resolved("Deployment given another image and scaled", () -> {
      Deployment d = deployment();
      d.getSpec().setReplicas(7);
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil.example/miner:1");
      admin.resource(d).update();
    }, () -> image.equals(image(deployment())) && deployment().getSpec().getReplicas() == 1);

    resolved("Deployment stripped of its managed-by label (it leaves the operator's informer)", () ->
        admin.apps().deployments().inNamespace(namespace).withName(EnvironmentObjects.APP).edit(d -> {
          d.getMetadata().getLabels().remove(Labels.MANAGED_BY);
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil.example/miner:2");
          return d;
        }), () -> Labels.MANAGED_BY_VALUE.equals(deployment().getMetadata().getLabels().get(Labels.MANAGED_BY))
        && image.equals(image(deployment())));

    resolved("Service deleted", () -> admin.services().inNamespace(namespace).withName(EnvironmentObjects.APP).delete(),
        () -> admin.services().inNamespace(namespace).withName(EnvironmentObjects.APP).get() != null);

    String host = admin.network().v1().ingresses().inNamespace(namespace).withName(EnvironmentObjects.APP).get()
        .getSpec().getRules().get(0).getHost();
    resolved("Ingress pointed at a foreign host", () -> {
      Ingress ingress = admin.network().v1().ingresses().inNamespace(namespace).withName(EnvironmentObjects.APP).get();
      ingress.getSpec().getRules().get(0).setHost("www.bank.example");
      admin.resource(ingress).update();
    }, () -> host.equals(admin.network().v1().ingresses().inNamespace(namespace).withName(EnvironmentObjects.APP).get()
        .getSpec().getRules().get(0).getHost()));

    resolved("basic-auth htpasswd replaced by an intruder's", () -> {
      var secret = admin.secrets().inNamespace(namespace).withName(EnvironmentObjects.HTPASSWD).get();
      secret.setData(Map.of("auth", java.util.Base64.getEncoder().encodeToString(
          "mallory:$2y$06$abcdefghijklmnopqrstuuJ0vVq3mA8n5vKpY5r8cH0rKxWl7xH.G\n".getBytes())));
      admin.resource(secret).update();
    }, () -> {
      var data = admin.secrets().inNamespace(namespace).withName(EnvironmentObjects.HTPASSWD).get().getData();
      return data.containsKey("users") && !new String(java.util.Base64.getDecoder().decode(data.get("auth"))).startsWith("mallory:");
    });

    Supplier<RoleBinding> owners = () -> admin.rbac().roleBindings().inNamespace(namespace).withName("orgspace-owner").get();
    var ownerSubjects = owners.get().getSubjects();
    resolved("owners' RoleBinding given to someone else", () -> {
      RoleBinding binding = owners.get();
      binding.setSubjects(List.of(new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io")
          .withName("mallory@evil.example").build()));
      admin.resource(binding).update();
    }, () -> ownerSubjects.equals(owners.get().getSubjects()));

    resolved("owners' RoleBinding stripped of its managed-by label", () ->
        admin.rbac().roleBindings().inNamespace(namespace).withName("orgspace-owner").edit(b -> {
          b.getMetadata().getLabels().remove(Labels.MANAGED_BY);
          b.setSubjects(List.of(new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io")
              .withName("mallory@evil.example").build()));
          return b;
        }), () -> Labels.MANAGED_BY_VALUE.equals(owners.get().getMetadata().getLabels().get(Labels.MANAGED_BY))
        && ownerSubjects.equals(owners.get().getSubjects()));

    assertEquals(List.of(), fleet.audit());
    assertTrue(Fleet.ready(environment()));
  }

  /** Applies the edit, then waits until the operator has put things back; prints how long that took. */
  private static void resolved(String edit, Runnable change, java.util.function.BooleanSupplier restored) {
    assertTrue(restored.getAsBoolean(), "before: " + edit);
    long start = System.nanoTime();
    // The Deployment controller writes the Deployment's status too: a hand edit that loses that
    // race (409) is made again from a fresh read, as a person would.
    Poll.until(CONVERGE, "hand edit applied: " + edit, () -> {
      try {
        change.run();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return false;
        }
        throw new IllegalStateException(e);
      }
    });
    Poll.until(CONVERGE, "put back after: " + edit, restored);
    System.out.printf("hand edit resolved in %d ms: %s%n", Duration.ofNanos(System.nanoTime() - start).toMillis(), edit);
  }
}
