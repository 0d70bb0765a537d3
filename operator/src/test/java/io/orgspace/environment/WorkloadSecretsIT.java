package io.orgspace.environment;

import static io.orgspace.testing.Requests.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Secret variables, image pull Secrets and probes on the real API server, each role acting
 * through impersonation: the Owner writes the Secrets, a Developer names them, no one but the
 * Owner reads them, and the values reach nothing but the copies in the environment namespaces.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadSecretsIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "sec-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String OWNER = TestOrganization.ownerOf(ORG);
  private static final String DEV = "dev@" + ORG + ".example";
  private static final String SUPPORT = "support@" + ORG + ".example";
  private static final String MANAGER = "manager@" + ORG + ".example";
  /** The values, random so that finding one anywhere can only be a leak. */
  private static final String DATABASE_URL = "postgres://app:db-" + UUID.randomUUID() + "@db.example/app";
  private static final String API_TOKEN = "tok-" + UUID.randomUUID();
  private static final String ROTATED_TOKEN = "tok-rotated-" + UUID.randomUUID();
  private static final String REGISTRY_PASSWORD = "reg-" + UUID.randomUUID();
  private static KubernetesClient admin;
  private static KubernetesClient owner;
  private static KubernetesClient dev;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("workload-secrets-it").awaitReady();
    TestOrganization.named(ORG).owner().domain().create(admin).awaitReady(CONVERGE);
    TestMembership.create(admin, HOME, "dev", DEV, Role.Developer);
    TestMembership.create(admin, HOME, "support", SUPPORT, Role.Support);
    TestMembership.create(admin, HOME, "manager", MANAGER, Role.Manager);
    owner = ControlPlane.as(OWNER);
    dev = ControlPlane.as(DEV);
    Poll.until(CONVERGE, "the owner may create Secrets in " + HOME, () -> allowed(owner,
        c -> c.resource(released("probe-" + SFX, Map.of("k", "v"))).dryRun().create()));

    // The Owner writes the organization's Secrets and releases them to environments.
    owner.resource(released("db", Map.of("url", DATABASE_URL, "unused", "x"))).create();
    owner.resource(released("api", Map.of("token", API_TOKEN))).create();
    String auth = Base64.getEncoder().encodeToString(("robot:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    owner.resource(new SecretBuilder().withNewMetadata().withName("registry").withNamespace(HOME)
        .addToLabels(Labels.USE_IN_ENVIRONMENTS, "true").endMetadata()
        .withType("kubernetes.io/dockerconfigjson")
        .addToStringData(".dockerconfigjson", "{\"auths\":{\"registry.example\":{\"auth\":\"" + auth + "\"}}}")
        .build()).create();
    owner.resource(ControlPlane.load(Project.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: shop, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/shop"}
          previews: {image: "registry.example/shop:{{sha}}", port: 8080}
          variables: {LOG_LEVEL: info}
          secretVariables:
            DATABASE_URL: {secretKeyRef: {name: db, key: url}}
          imagePullSecrets: [{name: registry}]
          probes:
            readiness: {path: /ready}
            liveness: {path: /healthz, port: 9090, initialDelaySeconds: 5}
        """.formatted(HOME, ORG))).create();
    owner.resource(ControlPlane.load(Project.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: plain, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/plain"}
          previews: {image: "registry.example/plain:1"}
        """.formatted(HOME, ORG))).create();
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
  }

  private static Secret released(String name, Map<String, String> values) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(HOME)
        .addToLabels(Labels.USE_IN_ENVIRONMENTS, "true").endMetadata().withStringData(values).build();
  }

  private static Environment environment(String name, String spec) {
    return ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: %s
        """.formatted(name, HOME, spec));
  }

  private static Environment awaitReady(String name, String status, String reason) {
    Poll.until(CONVERGE, name + " Ready=" + status + " " + reason, () -> {
      Environment env = admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
      Condition ready = env == null || env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, Condition.READY);
      return ready != null && status.equals(ready.status) && reason.equals(ready.reason)
          && env.getMetadata().getGeneration().equals(ready.observedGeneration);
    });
    return admin.resources(Environment.class).inNamespace(HOME).withName(name).get();
  }

  private static String namespaceOf(String environment) {
    return admin.resources(Environment.class).inNamespace(HOME).withName(environment).get().getStatus().namespace;
  }

  private static Deployment deployment(String environment) {
    return admin.apps().deployments().inNamespace(namespaceOf(environment)).withName(EnvironmentObjects.APP).get();
  }

  private static String checksum(String environment) {
    var annotations = deployment(environment).getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(SecretVariables.CHECKSUM);
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void onlyTheOwnerReadsTheOrganizationsSecrets() {
    for (String user : List.of(MANAGER, DEV, SUPPORT)) {
      KubernetesClient member = ControlPlane.as(user);
      assertFalse(allowed(member, c -> c.secrets().inNamespace(HOME).withName("db").require()), user + " reads db");
      assertFalse(allowed(member, c -> c.secrets().inNamespace(HOME).list()), user + " lists Secrets");
      assertFalse(allowed(member, c -> c.resource(released("mine", Map.of("k", "v"))).dryRun().create()),
          user + " creates a Secret");
    }
    assertEquals(DATABASE_URL, decode(owner.secrets().inNamespace(HOME).withName("db").require(), "url"));
  }

  @Test
  @Order(2)
  void aDeveloperNamesASecretAndTheWorkloadReadsItThroughTheCopy() {
    dev.resource(environment("review", """
        {project: shop, image: "registry.example/shop:1",
         secretVariables: {API_TOKEN: {secretKeyRef: {name: api, key: token}}}}""")).create();
    awaitReady("review", "True", "Deployed");
    String ns = namespaceOf("review");

    Container app = deployment("review").getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env = new TreeMap<>();
    app.getEnv().forEach(v -> env.put(v.getName(), v));
    assertEquals("info", env.get("LOG_LEVEL").getValue());
    for (String variable : List.of("DATABASE_URL", "API_TOKEN")) {
      assertNull(env.get(variable).getValue(), variable + " has no literal value");
      var ref = env.get(variable).getValueFrom().getSecretKeyRef();
      assertEquals(SecretVariables.SECRET, ref.getName());
      assertEquals(variable, ref.getKey());
    }
    Secret copy = admin.secrets().inNamespace(ns).withName(SecretVariables.SECRET).get();
    assertEquals(DATABASE_URL, decode(copy, "DATABASE_URL"));
    assertEquals(API_TOKEN, decode(copy, "API_TOKEN"));
    assertEquals(Map.of("DATABASE_URL", copy.getData().get("DATABASE_URL"), "API_TOKEN", copy.getData().get("API_TOKEN")),
        copy.getData(), "only the named keys are copied");
    assertNotNull(checksum("review"));

    // Support may create environments, but not name Secrets (the matrix's "update environment variables").
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> ControlPlane.as(SUPPORT).resource(environment("support-" + SFX, """
            {project: shop, secretVariables: {API_TOKEN: {secretKeyRef: {name: api, key: token}}}}""")).dryRun().create());
    assertEquals(403, refused.getCode(), refused.getMessage());
  }

  @Test
  @Order(3)
  void pullSecretsAndProbesReachThePodSpec() {
    var pod = deployment("review").getSpec().getTemplate().getSpec();
    assertEquals(List.of(new LocalObjectReference(ImagePullSecrets.SECRET)), pod.getImagePullSecrets());
    Secret pull = admin.secrets().inNamespace(namespaceOf("review")).withName(ImagePullSecrets.SECRET).get();
    assertEquals("kubernetes.io/dockerconfigjson", pull.getType());
    assertTrue(decode(pull, ".dockerconfigjson").contains("\"registry.example\""), "the registry's credentials");

    Container app = pod.getContainers().get(0);
    assertEquals("/ready", app.getReadinessProbe().getHttpGet().getPath());
    assertEquals(8080, app.getReadinessProbe().getHttpGet().getPort().getIntVal());
    assertEquals("/healthz", app.getLivenessProbe().getHttpGet().getPath());
    assertEquals(9090, app.getLivenessProbe().getHttpGet().getPort().getIntVal());
    assertEquals(5, app.getLivenessProbe().getInitialDelaySeconds());
  }

  @Test
  @Order(4)
  void aMissingKeyIsAConditionNamingItAndNoWorkload() {
    dev.resource(environment("missing", """
        {project: shop, image: "registry.example/shop:1",
         secretVariables: {API_TOKEN: {secretKeyRef: {name: api, key: nope}}}}""")).create();
    Environment env = awaitReady("missing", "False", SecretCopies.CONDITION_REASON);
    String message = Conditions.find(env.getStatus().conditions, Condition.READY).message;
    assertTrue(message.contains("Secret api has no key nope"), message);
    assertNull(admin.apps().deployments().inNamespace(env.getStatus().namespace).withName(EnvironmentObjects.APP).get(),
        "no Deployment without its Secret");
    assertNull(admin.secrets().inNamespace(env.getStatus().namespace).withName(SecretVariables.SECRET).get());
    awaitReady("review", "True", "Deployed");

    // A Secret that is not released (the webhook secret, say) is not found, however it is named.
    owner.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(HOME).endMetadata()
        .addToStringData("secret", API_TOKEN).build()).create();
    dev.resource(environment("unreleased", """
        {project: shop, image: "registry.example/shop:1",
         secretVariables: {HOOK: {secretKeyRef: {name: hook, key: secret}}}}""")).create();
    Environment unreleased = awaitReady("unreleased", "False", SecretCopies.CONDITION_REASON);
    assertTrue(Conditions.find(unreleased.getStatus().conditions, Condition.READY).message.contains("Secret hook not found"));

    // Releasing it mends the environment: the Secret's event reaches it.
    owner.secrets().inNamespace(HOME).withName("hook").edit(s -> {
      s.getMetadata().setLabels(Map.of(Labels.USE_IN_ENVIRONMENTS, "true"));
      return s;
    });
    awaitReady("unreleased", "True", "Deployed");
  }

  @Test
  @Order(5)
  void aRotatedSecretRollsOnlyTheEnvironmentsThatTakeFromIt() {
    admin.resource(environment("main", "{project: shop, image: \"registry.example/shop:1\"}")).create();
    admin.resource(environment("other", "{project: plain}")).create();
    awaitReady("main", "True", "Deployed");
    awaitReady("other", "True", "Deployed");
    String review = checksum("review");
    String main = checksum("main");
    assertNull(checksum("other"));
    String otherTemplate = deployment("other").getSpec().getTemplate().toString();

    owner.secrets().inNamespace(HOME).withName("api").edit(s -> {
      s.setData(null);
      s.setStringData(Map.of("token", ROTATED_TOKEN));
      return s;
    });
    Poll.until(CONVERGE, "review rolled with the rotated token", () -> !review.equals(checksum("review"))
        && ROTATED_TOKEN.equals(decode(admin.secrets().inNamespace(namespaceOf("review")).withName(SecretVariables.SECRET)
        .get(), "API_TOKEN")));
    // A key no one takes changes nothing either.
    owner.secrets().inNamespace(HOME).withName("db").edit(s -> {
      s.getData().put("unused", Base64.getEncoder().encodeToString("y".getBytes(StandardCharsets.UTF_8)));
      return s;
    });
    Poll.untilStable(Duration.ofSeconds(20), Duration.ofSeconds(10), "main's template", () -> checksum("main"));
    assertEquals(main, checksum("main"), "main takes nothing from api, nor the changed key of db");
    assertEquals(otherTemplate, deployment("other").getSpec().getTemplate().toString());
    assertNotEquals(review, checksum("review"));
  }

  @Test
  @Order(6)
  void noValueAppearsInAnyCustomResourceStatusEventOrTheOperatorLog() {
    List<String> values = List.of(DATABASE_URL, API_TOKEN, ROTATED_TOKEN, REGISTRY_PASSWORD);
    List<String> places = new ArrayList<>();
    var json = admin.getKubernetesSerialization();
    for (var type : List.of(Environment.class, Project.class, Membership.class, ApiKey.class)) {
      admin.resources(type).inNamespace(HOME).list().getItems().forEach(r -> places.add(json.asJson(r)));
    }
    places.add(json.asJson(admin.resources(Organization.class).withName(ORG).get()));
    List<String> namespaces = new ArrayList<>(List.of(HOME));
    admin.resources(Environment.class).inNamespace(HOME).list().getItems().stream()
        .filter(e -> e.getStatus() != null && e.getStatus().namespace != null)
        .forEach(e -> namespaces.add(e.getStatus().namespace));
    for (String ns : namespaces) {
      admin.v1().events().inNamespace(ns).list().getItems().forEach(e -> places.add(json.asJson(e)));
      admin.apps().deployments().inNamespace(ns).list().getItems().forEach(d -> places.add(json.asJson(d)));
    }
    places.add(operator.log());
    for (String value : values) {
      String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      for (String place : places) {
        assertFalse(place.contains(value) || place.contains(encoded),
            "a Secret value leaked into: " + place.substring(0, Math.min(200, place.length())));
      }
    }
    assertTrue(places.size() > namespaces.size(), "something was searched");
  }
}
