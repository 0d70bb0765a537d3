package io.orgspace.access;

import static io.orgspace.testing.AccessMatrix.environment;
import static io.orgspace.testing.AccessMatrix.mergePatch;
import static io.orgspace.testing.AccessMatrix.project;
import static io.orgspace.testing.AccessMatrix.rows;
import static io.orgspace.testing.AccessMatrix.unique;
import static io.orgspace.testing.Requests.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Condition;
import io.orgspace.api.Organization;
import io.orgspace.common.Conditions;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.api.Project;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Role;
import io.orgspace.testing.AccessMatrix;
import io.orgspace.testing.AccessMatrix.Who;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.Requests;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The permission matrix, cell by cell, as real requests of each role (impersonated) against the
 * real API server — RBAC from Orgspace's ClusterRoles and the bindings the operator writes, the
 * field-level rows through the admission policies — then isolation, de-provisioning, drift and
 * the zero-write resync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String A = "acc-a-" + SFX;
  private static final String B = "acc-b-" + SFX;
  private static final String HOME_A = "org-" + A;
  private static final String HOME_B = "org-" + B;
  /** Stands for an environment namespace of organization A: labelled for it, so it gets A's bindings. */
  private static final String SERVERS_A = A + "-servers";

  private static KubernetesClient admin;
  private static OperatorProcess operator;
  /** Each role as a user named directly (owners list, Memberships). */
  private static final Map<Who, KubernetesClient> DIRECT = new TreeMap<>();
  /** Each role as a user who carries only a group (owner group, SSO mappings). */
  private static final Map<Who, KubernetesClient> BY_GROUP = new TreeMap<>();
  private static KubernetesClient ownerOfB;

  private static String user(String who, String org) {
    return who + "@" + org + ".example";
  }

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("access-it").awaitReady();

    TestOrganization orgA = TestOrganization.named(A).owner().ownerGroup("admins-" + SFX).domain().ssoGroupPrefix("oidc:")
        .ssoGroup("eng-" + SFX, Role.Developer).ssoGroup("help-" + SFX, Role.Support).ssoGroup("mgmt-" + SFX, Role.Manager)
        .create(admin);
    TestOrganization orgB = TestOrganization.named(B).owner().domain().create(admin);
    Organization readyA = orgA.awaitReady(CONVERGE);
    orgB.awaitReady(CONVERGE);
    for (String[] member : new String[][] {{"dev", "Developer"}, {"support", "Support"}, {"manager", "Manager"}}) {
      TestMembership.create(admin, HOME_A, member[0], user(member[0], A), Role.valueOf(member[1]));
    }
    AccessMatrix.createServersNamespace(admin, SERVERS_A, readyA);
    admin.resource(project(HOME_B, "shop", B)).create();
    admin.resource(environment(HOME_B, "base", "registry.example/shop:1")).create();
    AccessMatrix.createFixtures(admin, A, HOME_A, SERVERS_A);

    DIRECT.put(Who.Owner, ControlPlane.as(user("owner", A)));
    DIRECT.put(Who.Developer, ControlPlane.as(user("dev", A)));
    DIRECT.put(Who.Support, ControlPlane.as(user("support", A)));
    DIRECT.put(Who.Manager, ControlPlane.as(user("manager", A)));
    DIRECT.put(Who.NonMember, ControlPlane.as(user("outsider", A)));
    BY_GROUP.put(Who.Owner, ControlPlane.as(user("sso-owner", A), "admins-" + SFX));
    BY_GROUP.put(Who.Developer, ControlPlane.as(user("sso-dev", A), "oidc:eng-" + SFX));
    BY_GROUP.put(Who.Support, ControlPlane.as(user("sso-support", A), "oidc:help-" + SFX));
    BY_GROUP.put(Who.Manager, ControlPlane.as(user("sso-manager", A), "oidc:mgmt-" + SFX));
    BY_GROUP.put(Who.NonMember, ControlPlane.as(user("sso-outsider", A), "oidc:unmapped-" + SFX));
    ownerOfB = ControlPlane.as(user("owner", B));

    // Every role's binding exists in both of A's namespaces before the matrix is walked.
    Poll.until(CONVERGE, "role bindings of " + A, () -> Stream.of(HOME_A, SERVERS_A).allMatch(ns ->
        admin.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
            .filter(b -> java.util.Arrays.stream(io.orgspace.api.Role.values())
                .anyMatch(r -> r.clusterRoleName().equals(b.getMetadata().getName()))).count() == 4));
    Poll.until(CONVERGE, "memberships bound", () -> admin.resources(Membership.class).inNamespace(HOME_A).list()
        .getItems().stream().allMatch(m -> m.getStatus() != null && m.getStatus().boundNamespaces != null && m.getStatus().boundNamespaces >= 2));
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    try {
      for (String org : List.of(A, B)) {
        admin.resources(Organization.class).withName(org).delete();
      }
      admin.namespaces().withName(SERVERS_A).delete();
      Poll.until(CONVERGE, "organizations' namespaces deleted", () -> Stream.of(HOME_A, HOME_B, SERVERS_A)
          .allMatch(ns -> admin.namespaces().withName(ns).get() == null));
      Stream.concat(DIRECT.values().stream(), BY_GROUP.values().stream()).forEach(KubernetesClient::close);
      ownerOfB.close();
    } finally {
      operator.close(); // never leave an operator running into the next test class
    }
  }

  // ---- the matrix (rows and expectations: AccessMatrix) ----------------------------------

  private static Stream<DynamicTest> walk(Map<Who, KubernetesClient> clients) {
    return rows(A, HOME_A, SERVERS_A).stream().flatMap(row -> clients.entrySet().stream().map(entry ->
        DynamicTest.dynamicTest(entry.getKey() + (row.allowed().contains(entry.getKey()) ? " may " : " may not ")
            + row.permission(), () -> assertEquals(row.allowed().contains(entry.getKey()),
            allowed(entry.getValue(), row.action()),
            entry.getKey() + " / " + row.permission()))));
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> permissionMatrixForNamedUsers() {
    return walk(DIRECT);
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> permissionMatrixThroughSsoGroups() {
    return walk(BY_GROUP);
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> aMemberOfAnotherOrganizationIsRefusedEverything() {
    return rows(A, HOME_A, SERVERS_A).stream().map(row -> DynamicTest.dynamicTest(
        "owner of " + B + " may not " + row.permission() + " in " + A,
        () -> assertFalse(allowed(ownerOfB, row.action()))));
  }

  // ---- field by field ---------------------------------------------------------------------------

  private static final Set<Who> CREATORS = EnumSet.of(Who.Owner, Who.Developer, Who.Support);
  private static final Set<Who> UPDATERS = EnumSet.of(Who.Owner, Who.Developer);
  private static final Set<Who> OWNERS = EnumSet.of(Who.Owner);

  /**
   * One cell per field and role: a spec fragment the field is set (or changed) to, and who may do
   * it, written here from the product's matrix (not read from the code that enforces it). Support
   * creates environments only as the project's template makes them: naming the project and the
   * pull request; what runs (deploy), where and to whom (host, basic auth), how long (expiresAt)
   * and variables are Owner's and Developer's.
   */
  record FieldCell(String field, String fragment, Set<Who> allowed) {}

  private static final List<FieldCell> ENVIRONMENT_CREATE = List.of(
      new FieldCell("project", "{}", CREATORS),
      new FieldCell("pullRequest.number", "{\"pullRequest\":{\"number\":4242}}", CREATORS),
      new FieldCell("pullRequest.headSha", "{\"pullRequest\":{\"number\":4243,\"headSha\":\"abcdef1\"}}", UPDATERS),
      new FieldCell("pullRequest.branch", "{\"pullRequest\":{\"number\":4244,\"branch\":\"feature/x\"}}", UPDATERS),
      new FieldCell("image", "{\"image\":\"registry.example/shop:9\"}", UPDATERS),
      new FieldCell("port", "{\"port\":8081}", UPDATERS),
      new FieldCell("replicas", "{\"replicas\":2}", UPDATERS),
      new FieldCell("variables", "{\"variables\":{\"CART\":\"on\"}}", UPDATERS),
      new FieldCell("basicAuth.enabled", "{\"basicAuth\":{\"enabled\":false}}", UPDATERS),
      new FieldCell("basicAuth.secretName", "{\"basicAuth\":{\"secretName\":\"own-auth\"}}", UPDATERS),
      new FieldCell("host", "{\"host\":\"chosen.shop." + A + ".example\"}", UPDATERS),
      new FieldCell("expiresAt", "{\"expiresAt\":\"2036-01-01T00:00:00Z\"}", UPDATERS),
      new FieldCell("secretVariables", "{\"secretVariables\":{\"TOKEN\":{\"secretKeyRef\":{\"name\":\"token\",\"key\":\"token\"}}}}",
          UPDATERS));

  /** Changes of the fixture {@link #FIELDS_ENVIRONMENT}; project and pullRequest.number are immutable for everyone. */
  private static final List<FieldCell> ENVIRONMENT_UPDATE = List.of(
      new FieldCell("pullRequest.headSha", "{\"pullRequest\":{\"headSha\":\"bbbbbbb\"}}", UPDATERS),
      new FieldCell("pullRequest.branch", "{\"pullRequest\":{\"branch\":\"other\"}}", UPDATERS),
      new FieldCell("image", "{\"image\":\"registry.example/shop:2\"}", UPDATERS),
      new FieldCell("port", "{\"port\":9090}", UPDATERS),
      new FieldCell("replicas", "{\"replicas\":0}", UPDATERS),
      new FieldCell("variables", "{\"variables\":{\"CART\":\"on\"}}", UPDATERS),
      new FieldCell("basicAuth.enabled", "{\"basicAuth\":{\"enabled\":false}}", UPDATERS),
      new FieldCell("basicAuth.secretName", "{\"basicAuth\":{\"secretName\":\"other-auth\"}}", UPDATERS),
      new FieldCell("host", "{\"host\":\"other.shop." + A + ".example\"}", UPDATERS),
      new FieldCell("expiresAt", "{\"expiresAt\":\"2036-01-01T00:00:00Z\"}", UPDATERS),
      new FieldCell("secretVariables", "{\"secretVariables\":{\"TOKEN\":{\"secretKeyRef\":{\"key\":\"other\"}}}}", UPDATERS));

  /** Changes of the fixture {@link #FIELDS_PROJECT}: files and variables are rows of their own, the rest the Owner's. */
  private static final List<FieldCell> PROJECT_UPDATE = List.of(
      new FieldCell("repository.provider", "{\"repository\":{\"provider\":\"gitlab\"}}", OWNERS),
      new FieldCell("repository.url", "{\"repository\":{\"url\":\"https://github.com/" + A + "/other\"}}", OWNERS),
      new FieldCell("repository.webhookSecretRef.name", "{\"repository\":{\"webhookSecretRef\":{\"name\":\"other\"}}}", OWNERS),
      new FieldCell("repository.webhookSecretRef.key", "{\"repository\":{\"webhookSecretRef\":{\"key\":\"other\"}}}", OWNERS),
      new FieldCell("previews.domain", "{\"previews\":{\"domain\":\"other." + A + ".example\"}}", OWNERS),
      new FieldCell("previews.basicAuth", "{\"previews\":{\"basicAuth\":false}}", OWNERS),
      new FieldCell("previews.ttl", "{\"previews\":{\"ttl\":\"2000h\"}}", OWNERS),
      new FieldCell("previews.image", "{\"previews\":{\"image\":\"evil.example/miner:{{sha}}\"}}", OWNERS),
      new FieldCell("previews.port", "{\"previews\":{\"port\":9090}}", OWNERS),
      new FieldCell("previews.replicas", "{\"previews\":{\"replicas\":10}}", OWNERS),
      new FieldCell("previews.drafts", "{\"previews\":{\"drafts\":true}}", OWNERS),
      new FieldCell("previews.forks", "{\"previews\":{\"forks\":true}}", OWNERS),
      new FieldCell("previews.labels", "{\"previews\":{\"labels\":[\"any\"]}}", OWNERS),
      new FieldCell("previews.ingressClassName", "{\"previews\":{\"ingressClassName\":\"public\"}}", OWNERS),
      new FieldCell("previews.routing", "{\"previews\":{\"routing\":\"HTTPRoute\"}}", OWNERS),
      new FieldCell("previews.tls.secretName", "{\"previews\":{\"tls\":{\"secretName\":\"other-tls\"}}}", OWNERS),
      new FieldCell("previews.tls.clusterIssuer",
          "{\"previews\":{\"tls\":{\"secretName\":null,\"clusterIssuer\":\"letsencrypt\"}}}", OWNERS),
      new FieldCell("previews.quota", "{\"previews\":{\"quota\":{\"pods\":\"100\"}}}", OWNERS),
      new FieldCell("variables", "{\"variables\":{\"LOG_LEVEL\":\"debug\"}}", CREATORS),
      new FieldCell("files", "{\"files\":{\"app.yaml\":\"feature: off\"}}", CREATORS),
      // Naming a Secret follows "update environment variables": Owner and Developer, not Support.
      new FieldCell("secretVariables", "{\"secretVariables\":{\"TOKEN\":{\"secretKeyRef\":{\"key\":\"other\"}}}}", UPDATERS),
      new FieldCell("imagePullSecrets", "{\"imagePullSecrets\":[{\"name\":\"other-registry\"}]}", UPDATERS),
      new FieldCell("probes.readiness.path", "{\"probes\":{\"readiness\":{\"path\":\"/other\"}}}", OWNERS),
      new FieldCell("probes.readiness.port", "{\"probes\":{\"readiness\":{\"port\":9091}}}", OWNERS),
      new FieldCell("probes.readiness.initialDelaySeconds", "{\"probes\":{\"readiness\":{\"initialDelaySeconds\":7}}}", OWNERS),
      new FieldCell("probes.readiness.periodSeconds", "{\"probes\":{\"readiness\":{\"periodSeconds\":11}}}", OWNERS),
      new FieldCell("probes.readiness.failureThreshold", "{\"probes\":{\"readiness\":{\"failureThreshold\":5}}}", OWNERS),
      new FieldCell("probes.liveness.path", "{\"probes\":{\"liveness\":{\"path\":\"/other\"}}}", OWNERS),
      new FieldCell("probes.liveness.port", "{\"probes\":{\"liveness\":{\"port\":9091}}}", OWNERS),
      new FieldCell("probes.liveness.initialDelaySeconds", "{\"probes\":{\"liveness\":{\"initialDelaySeconds\":7}}}", OWNERS),
      new FieldCell("probes.liveness.periodSeconds", "{\"probes\":{\"liveness\":{\"periodSeconds\":11}}}", OWNERS),
      new FieldCell("probes.liveness.failureThreshold", "{\"probes\":{\"liveness\":{\"failureThreshold\":5}}}", OWNERS));

  private static final String FIELDS_ENVIRONMENT = "fields";
  private static final String FIELDS_PROJECT = "fields";

  /** Every Environment and Project field set, so that each cell changes exactly one. */
  private static void createFieldFixtures() {
    admin.resource(ControlPlane.load(Project.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: %s, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/fields", webhookSecretRef: {name: hook, key: secret}}
          previews: {domain: fields.%s.example, basicAuth: true, ttl: 24h, image: "registry.example/fields:{{sha}}",
                     port: 8080, replicas: 1, drafts: false, forks: false, labels: [preview], ingressClassName: nginx,
                     routing: Ingress, tls: {secretName: fields-tls}, quota: {pods: "4"}}
          variables: {LOG_LEVEL: info}
          files: {app.yaml: "feature: on"}
          secretVariables: {TOKEN: {secretKeyRef: {name: token, key: token}}}
          imagePullSecrets: [{name: registry}]
          probes:
            readiness: {path: /ready, port: 8080, initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 3}
            liveness: {path: /healthz, port: 8080, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3}
        """.formatted(FIELDS_PROJECT, HOME_A, A, A))).create();
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec:
          project: shop
          pullRequest: {number: 999, headSha: aaaaaaa, branch: main}
          image: "registry.example/shop:1"
          port: 8080
          replicas: 1
          variables: {CART: "off"}
          basicAuth: {enabled: true, secretName: own-auth}
          host: fields.shop.%s.example
          expiresAt: "2035-01-01T00:00:00Z"
          secretVariables: {TOKEN: {secretKeyRef: {name: token, key: token}}}
        """.formatted(FIELDS_ENVIRONMENT, HOME_A, A))).create();
  }

  /** A spec fragment merged into a fresh Environment of project shop: created as a dry run (full admission, nothing stored). */
  private static Requests.Action createEnvironmentWith(String fragment) {
    return c -> {
      GenericKubernetesResource environment = new GenericKubernetesResource();
      environment.setApiVersion("orgspace.io/v1alpha1");
      environment.setKind("Environment");
      environment.setMetadata(new ObjectMetaBuilder().withName(unique("cell")).withNamespace(HOME_A).build());
      Map<String, Object> spec = new LinkedHashMap<>(JSON.readValue(fragment, MAP));
      spec.put("project", "shop");
      environment.setAdditionalProperty("spec", spec);
      c.resource(environment).dryRun().create();
    };
  }

  private static Requests.Action patchSpec(Class<? extends HasMetadata> type, String name, String fragment) {
    return c -> c.resources(type).inNamespace(HOME_A).withName(name).dryRun()
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + fragment + "}");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /**
   * True when the API server took the request, false when it refused it with 403; any other
   * answer (a 422: the cell's input is invalid) fails the cell, so that no cell passes for the
   * wrong reason.
   */
  private static boolean admitted(KubernetesClient client, Requests.Action action) {
    try {
      action.run(client);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return false;
      }
      throw new AssertionError("neither admitted nor forbidden: " + e.getCode() + " " + e.getMessage(), e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> everyEnvironmentAndProjectFieldAsEveryRole() throws Exception {
    createFieldFixtures();
    record Cell(String name, Who who, Set<Who> allowed, Requests.Action action) {}
    List<Cell> cells = new ArrayList<>();
    for (Who who : Who.values()) {
      for (FieldCell cell : ENVIRONMENT_CREATE) {
        cells.add(new Cell("create an environment with spec." + cell.field(), who, cell.allowed(),
            createEnvironmentWith(cell.fragment())));
      }
      for (FieldCell cell : ENVIRONMENT_UPDATE) {
        cells.add(new Cell("change an environment's spec." + cell.field(), who, cell.allowed(),
            patchSpec(Environment.class, FIELDS_ENVIRONMENT, cell.fragment())));
      }
      for (FieldCell cell : PROJECT_UPDATE) {
        cells.add(new Cell("change a project's spec." + cell.field(), who, cell.allowed(),
            patchSpec(Project.class, FIELDS_PROJECT, cell.fragment())));
      }
    }
    // Dry runs store nothing: the cells are independent and run at once; each test then reads its answer.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> answers = new ArrayList<>();
    for (Cell cell : cells) {
      answers.add(pool.submit(() -> admitted(DIRECT.get(cell.who()), cell.action())));
    }
    pool.shutdown();
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cells.get(i);
      Future<Boolean> answer = answers.get(i);
      boolean expected = cell.allowed().contains(cell.who());
      tests.add(DynamicTest.dynamicTest(cell.who() + (expected ? " may " : " may not ") + cell.name(),
          () -> assertEquals(expected, answer.get(60, TimeUnit.SECONDS), cell.who() + " / " + cell.name())));
    }
    return tests.stream();
  }

  @Test
  @Order(4)
  void noMemberReachesAnotherOrganizationsNamespaces() {
    for (String namespace : List.of(HOME_B)) {
      for (KubernetesClient client : DIRECT.values()) {
        assertFalse(allowed(client, c -> c.namespaces().withName(namespace).require()));
        assertFalse(allowed(client, c -> c.resources(Project.class).inNamespace(namespace).list()));
        assertFalse(allowed(client, c -> c.resources(Environment.class).inNamespace(namespace).withName("base").require()));
        assertFalse(allowed(client, c -> c.resources(Organization.class).withName(B).require()));
      }
    }
    assertTrue(allowed(ownerOfB, c -> c.resources(Environment.class).inNamespace(HOME_B).withName("base").require()),
        "while its own owner gets in");
  }

  @Test
  @Order(5)
  void statusShowsWhoHoldsWhichRole() {
    Organization org = admin.resources(Organization.class).withName(A).get();
    var access = org.getStatus().access;
    assertEquals(List.of("Owner", "Developer", "Support", "Manager"), access.stream().map(h -> h.role.name()).toList());
    assertEquals(List.of(user("owner", A)), access.get(0).users);
    assertEquals(List.of("admins-" + SFX), access.get(0).groups);
    assertTrue(access.get(1).users.contains(user("dev", A)));
    assertEquals(List.of("oidc:eng-" + SFX), access.get(1).groups);
    assertTrue(org.getStatus().memberCount >= 3);
  }

  // ---- de-provisioning ----------------------------------------------------------------------

  private static Duration untilRefused(KubernetesClient client) {
    long start = System.nanoTime();
    Poll.until(Duration.ofSeconds(15), "access revoked", () -> !allowed(client,
        c -> c.resources(Project.class).inNamespace(HOME_A).list()));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  @Order(6)
  void deletingAMembershipRevokesAccessAtOnce() {
    String user = user("leaver", A);
    TestMembership.create(admin, HOME_A, "leaver", user, Role.Developer);
    try (KubernetesClient leaver = ControlPlane.as(user)) {
      Poll.until(CONVERGE, "leaver bound", () -> allowed(leaver, c -> c.resources(Project.class).inNamespace(HOME_A).list()));
      admin.resources(Membership.class).inNamespace(HOME_A).withName("leaver").delete();
      System.out.printf("membership deleted -> 403 after %d ms%n", untilRefused(leaver).toMillis());
      assertFalse(allowed(leaver, c -> c.pods().inNamespace(SERVERS_A).list()), "in every namespace of the organization");
    }
  }

  @Test
  @Order(7)
  void removingAnSsoMappingRevokesAccessAtOnce() {
    String group = "temp-" + SFX;
    mergePatch(admin, Organization.class, null, A, "{\"spec\":{\"sso\":{\"groupMappings\":["
        + "{\"group\":\"eng-" + SFX + "\",\"role\":\"Developer\"},{\"group\":\"help-" + SFX + "\",\"role\":\"Support\"},"
        + "{\"group\":\"mgmt-" + SFX + "\",\"role\":\"Manager\"},{\"group\":\"" + group + "\",\"role\":\"Manager\"}]}}}");
    try (KubernetesClient mapped = ControlPlane.as(user("temp", A), "oidc:" + group)) {
      Poll.until(CONVERGE, "mapped group bound", () -> allowed(mapped, c -> c.resources(Project.class).inNamespace(HOME_A).list()));
      mergePatch(admin, Organization.class, null, A, "{\"spec\":{\"sso\":{\"groupMappings\":["
          + "{\"group\":\"eng-" + SFX + "\",\"role\":\"Developer\"},{\"group\":\"help-" + SFX + "\",\"role\":\"Support\"},"
          + "{\"group\":\"mgmt-" + SFX + "\",\"role\":\"Manager\"}]}}}");
      System.out.printf("SSO mapping removed -> 403 after %d ms%n", untilRefused(mapped).toMillis());
    }
  }

  @Test
  @Order(8)
  void changingARoleMovesTheBinding() {
    String user = user("mover", A);
    TestMembership.create(admin, HOME_A, "mover", user, Role.Manager);
    try (KubernetesClient mover = ControlPlane.as(user)) {
      Poll.until(CONVERGE, "mover bound as Manager", () -> allowed(mover, c -> c.resources(Project.class).inNamespace(HOME_A).list()));
      assertFalse(allowed(mover, c -> c.resource(environment(HOME_A, unique("env"), null)).create()));
      mergePatch(admin, Membership.class, HOME_A, "mover", "{\"spec\":{\"role\":\"Support\"}}");
      Poll.until(CONVERGE, "mover may create environments as Support",
          () -> allowed(mover, c -> c.resource(environment(HOME_A, unique("env"), null)).create()));
      // Each binding is its own write: the Manager binding may lose the user a moment after Support gains it.
      Poll.until(CONVERGE, "no longer a Manager", () -> admin.rbac().roleBindings().inNamespace(HOME_A)
          .withName("orgspace-manager").get().getSubjects().stream().noneMatch(s -> user.equals(s.getName())));
      admin.resources(Membership.class).inNamespace(HOME_A).withName("mover").delete();
      // The next tests edit these bindings by hand; they must start from the settled ones.
      Poll.until(CONVERGE, "deleted membership leaves no binding", () -> admin.rbac().roleBindings().inNamespace(HOME_A)
          .list().getItems().stream().flatMap(b -> b.getSubjects().stream()).noneMatch(s -> user.equals(s.getName())));
    }
  }

  // ---- drift and foreign objects --------------------------------------------------------------

  @Test
  @Order(9)
  void aHandDeletedBindingIsRestoredAndAHandMadeOneIsLeftAlone() {
    RoleBinding handMade = admin.resource(new RoleBindingBuilder().withNewMetadata().withName("team-made")
        .withNamespace(HOME_A).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole").withName("view").endRoleRef().addNewSubject().withKind("User")
        .withName("auditor@" + A + ".example").withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create();
    String uid = admin.rbac().roleBindings().inNamespace(SERVERS_A).withName("orgspace-developer").get()
        .getMetadata().getUid();

    admin.rbac().roleBindings().inNamespace(SERVERS_A).withName("orgspace-developer").delete();
    Poll.until(CONVERGE, "orgspace-developer restored", () -> {
      RoleBinding b = admin.rbac().roleBindings().inNamespace(SERVERS_A).withName("orgspace-developer").get();
      return b != null && !b.getMetadata().getUid().equals(uid);
    });

    RoleBinding after = admin.rbac().roleBindings().inNamespace(HOME_A).withName("team-made").get();
    assertNotNull(after);
    assertEquals(handMade.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
  }

  @Test
  @Order(10)
  void aHandEditedBindingIsPutBack() {
    admin.rbac().roleBindings().inNamespace(HOME_A).withName("orgspace-support").edit(b -> {
      b.getSubjects().add(new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder().withKind("User")
          .withName("mallory@evil.example").withApiGroup("rbac.authorization.k8s.io").build());
      return b;
    });
    Poll.until(CONVERGE, "hand-added subject removed", () -> admin.rbac().roleBindings().inNamespace(HOME_A)
        .withName("orgspace-support").get().getSubjects().stream().noneMatch(s -> s.getName().startsWith("mallory")));
  }

  // ---- zero-write resync ----------------------------------------------------------------------

  private static Map<String, String> resourceVersions() {
    Map<String, String> versions = new TreeMap<>();
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(admin.resources(Organization.class).withName(A).get() == null ? List.of()
        : List.of(admin.resources(Organization.class).withName(A).get(), admin.resources(Organization.class).withName(B).get()));
    List<String> namespaces = new ArrayList<>(List.of(HOME_A, HOME_B, SERVERS_A));
    admin.namespaces().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems().stream()
        .map(ns -> ns.getMetadata().getName()).filter(ns -> ns.startsWith(TenantNamespaces.ENVIRONMENT_PREFIX + A + "-shop-")
            || ns.startsWith(TenantNamespaces.ENVIRONMENT_PREFIX + B + "-shop-"))
        .forEach(namespaces::add);
    for (String ns : namespaces) {
      objects.add(admin.namespaces().withName(ns).get());
      objects.addAll(admin.rbac().roleBindings().inNamespace(ns).list().getItems());
      objects.addAll(admin.rbac().roles().inNamespace(ns).list().getItems());
      objects.addAll(admin.resources(Membership.class).inNamespace(ns).list().getItems());
      objects.addAll(admin.resources(Project.class).inNamespace(ns).list().getItems());
      objects.addAll(admin.resources(Environment.class).inNamespace(ns).list().getItems());
      objects.addAll(admin.apps().deployments().inNamespace(ns).list().getItems());
      objects.addAll(admin.services().inNamespace(ns).list().getItems());
      objects.addAll(admin.network().v1().networkPolicies().inNamespace(ns).list().getItems());
      objects.addAll(admin.resourceQuotas().inNamespace(ns).list().getItems());
      objects.addAll(admin.limitRanges().inNamespace(ns).list().getItems());
      objects.addAll(admin.secrets().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    }
    objects.addAll(admin.rbac().clusterRoles().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    objects.addAll(admin.rbac().clusterRoleBindings().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    objects.addAll(admin.admissionRegistration().v1().validatingAdmissionPolicies()
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    objects.addAll(admin.genericKubernetesResources(AttributionPolicy.API_VERSION, AttributionPolicy.KIND)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    for (HasMetadata o : objects) {
      versions.put(o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
          o.getMetadata().getResourceVersion());
    }
    return versions;
  }

  @Test
  @Order(11)
  void aRestartOfTheConvergedOperatorWritesNothing() throws InterruptedException {
    Poll.until(CONVERGE, "memberships settled", () -> admin.resources(Membership.class).inNamespace(HOME_A).list()
        .getItems().stream().allMatch(m -> m.getStatus() != null && m.getStatus().observedGeneration != null
            && m.getStatus().observedGeneration.equals(m.getMetadata().getGeneration())));
    // Converged means nothing moves any more: the organizations' last status writes included.
    Map<String, String> before = Poll.untilStable(CONVERGE, Duration.ofSeconds(5), "managed objects",
        AccessIT::resourceVersions);
    assertTrue(before.size() > 20, "a meaningful set of objects: " + before.size());

    assertEquals(0, operator.terminate(Duration.ofSeconds(10)));
    operator = OperatorProcess.start("access-it-restarted").awaitReady();
    List<String> primaries = new ArrayList<>(List.of("organization reconcile " + A + ":", "organization reconcile " + B + ":"));
    admin.resources(Membership.class).inNamespace(HOME_A).list().getItems()
        .forEach(m -> primaries.add("membership reconcile " + HOME_A + "/" + m.getMetadata().getName() + ":"));
    admin.resources(Project.class).inNamespace(HOME_A).list().getItems()
        .forEach(p -> primaries.add("project reconcile " + HOME_A + "/" + p.getMetadata().getName() + ":"));
    admin.resources(Environment.class).inNamespace(HOME_A).list().getItems()
        .forEach(e -> primaries.add("environment reconcile " + HOME_A + "/" + e.getMetadata().getName() + ":"));
    Poll.until(CONVERGE, "the restarted operator reconciled every object", () -> {
      String log = operator.log();
      return primaries.stream().allMatch(log::contains);
    });

    Map<String, String> after = resourceVersions();
    Map<String, String> changed = new LinkedHashMap<>();
    after.forEach((key, version) -> {
      if (!version.equals(before.get(key))) {
        changed.put(key, before.get(key) + " -> " + version);
      }
    });
    assertEquals(Map.of(), changed, "objects written by a resync of a converged cluster");
    assertEquals(before.keySet(), after.keySet());
  }

  // ---- safety -------------------------------------------------------------------------------

  @Test
  @Order(12)
  void preventDeletionMakesTheApiServerRefuseTheDelete() {
    String name = "acc-keep-" + SFX;
    TestOrganization.named(name).preventDeletion().create(admin).awaitReady(CONVERGE);
    KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> admin.resources(Organization.class).withName(name).delete());
    assertEquals(403, refused.getCode());
    assertTrue(refused.getMessage().contains("spec.preventDeletion: true"), refused.getMessage());
    assertNotNull(admin.resources(Organization.class).withName(name).get());

    mergePatch(admin, Organization.class, null, name, "{\"spec\":{\"preventDeletion\":false}}");
    admin.resources(Organization.class).withName(name).delete();
    Poll.until(CONVERGE, "org-" + name + " deleted", () -> admin.namespaces().withName("org-" + name).get() == null);
  }

  @Test
  @Order(13)
  void aRecreatedOrganizationAdoptsItsNamespaceInsteadOfWipingIt() throws InterruptedException {
    String name = "acc-again-" + SFX;
    TestOrganization organization = TestOrganization.named(name).owner();
    organization.create(admin).awaitReady(CONVERGE);
    Namespace home = admin.namespaces().withName("org-" + name).get();
    admin.resource(project("org-" + name, "kept", name)).create();

    // Gone without its finalizer running: the operator is down and the finalizer is removed by hand.
    assertEquals(0, operator.terminate(Duration.ofSeconds(10)));
    admin.resources(Organization.class).withName(name).delete();
    admin.resources(Organization.class).withName(name).edit(o -> {
      o.getMetadata().setFinalizers(List.of());
      return o;
    });
    Poll.until(CONVERGE, "organization gone", () -> admin.resources(Organization.class).withName(name).get() == null);
    operator = OperatorProcess.start("access-it-after-recreate").awaitReady();

    Organization successor = organization.create(admin).awaitReady(CONVERGE);
    assertEquals(home.getMetadata().getUid(), admin.namespaces().withName("org-" + name).get().getMetadata().getUid());
    assertNotNull(admin.resources(Project.class).inNamespace("org-" + name).withName("kept").get(), "its content is kept");
    // The predecessor's UID on the namespace is of no live Organization: the successor stamps its own,
    // and what the namespace holds counts for it.
    Poll.until(CONVERGE, "the namespace re-stamped with the successor's UID", () -> successor.getMetadata().getUid().equals(
        admin.namespaces().withName("org-" + name).get().getMetadata().getLabels().get(TenantNamespaces.ORGANIZATION_UID)));
    assertNotEquals(successor.getMetadata().getUid(),
        home.getMetadata().getLabels().get(TenantNamespaces.ORGANIZATION_UID), "it carried the predecessor's");
    Project kept = admin.resources(Project.class).inNamespace("org-" + name).withName("kept").get();
    assertNotEquals(HomeNamespaces.NOT_VERIFIED, Conditions.find(kept.getStatus().conditions, Condition.READY).reason);
    Poll.until(CONVERGE, "owner binding back", () -> {
      RoleBinding b = admin.rbac().roleBindings().inNamespace("org-" + name).withName("orgspace-owner").get();
      return b != null && b.getMetadata().getOwnerReferences().stream().anyMatch(r -> name.equals(r.getName())
          && !r.getUid().equals(home.getMetadata().getUid()));
    });

    admin.resources(Organization.class).withName(name).delete();
    Poll.until(CONVERGE, "org-" + name + " deleted", () -> admin.namespaces().withName("org-" + name).get() == null);
  }

  @Test
  @Order(14)
  void deletingAnOrganizationRemovesEveryNamespaceAndBindingItMade() {
    String name = "acc-gone-" + SFX;
    TestOrganization.named(name).owner().create(admin).awaitReady(CONVERGE);
    assertNotNull(admin.rbac().clusterRoles().withName(OrganizationAccess.ownerClusterRoleName(name)).get());
    String uid = admin.resources(Organization.class).withName(name).get().getMetadata().getUid();

    admin.resources(Organization.class).withName(name).delete();
    Poll.until(CONVERGE, "everything of " + name + " removed", () ->
        admin.namespaces().withName("org-" + name).get() == null
            && admin.rbac().clusterRoles().withLabel(Labels.ORGANIZATION, name).list().getItems().isEmpty()
            && admin.rbac().clusterRoleBindings().withLabel(Labels.ORGANIZATION, name).list().getItems().isEmpty()
            && admin.rbac().roleBindings().inAnyNamespace().withLabel(Labels.ORGANIZATION, name).list().getItems()
                .stream().noneMatch(b -> b.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()))));
    assertNotEquals(null, uid);
  }
}
