package io.orgspace.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.orgspace.access.OperatorGuard;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.access.PlatformAdmin;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.ResourceStatus;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.Helm;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.Requests;
import io.orgspace.webhook.Deliveries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart: it lints and renders with default and non-default values, its RBAC has no
 * wildcard, and — installed into the real API server — the operator running with exactly the
 * chart's ServiceAccount identity converges examples/ and every feature without one forbidden
 * request; upgrade and uninstall work.
 */
class ChartIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String RELEASE = "orgspace";
  private static final String NAMESPACE = "orgspace-system";
  private static final String HOME = "org-acme";
  /** The four role ClusterRoles: the only ones the operator may bind. */
  private static final Set<String> ROLE_CLUSTER_ROLES =
      Set.of("orgspace-owner", "orgspace-developer", "orgspace-support", "orgspace-manager");
  /** An operator's log line that tells of a refused request. */
  private static final Pattern FORBIDDEN = Pattern.compile("(?i)forbidden|code=403|answered 403|HTTP 403");
  /**
   * Not an authorization refusal: the API server answers 403 to a write into a namespace being
   * deleted, which a reconcile racing an organization's deletion may meet.
   */
  private static final Pattern TERMINATING = Pattern.compile("because it is being terminated");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final List<OperatorProcess> operators = new ArrayList<>();
  private static final Set<String> GUARD_POLICIES = OperatorGuard.forChart().stream()
      .filter(ValidatingAdmissionPolicy.class::isInstance).map(p -> p.getMetadata().getName())
      .collect(Collectors.toCollection(java.util.TreeSet::new));

  // ---- rendering ------------------------------------------------------------------------------

  private static List<HasMetadata> render(String... extra) {
    List<String> args = new ArrayList<>(List.of("template", RELEASE, Helm.chart().toString(), "--namespace", NAMESPACE));
    args.addAll(List.of(extra));
    String out = Helm.run(args).out();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : out.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(YAML.unmarshal(document));
      }
    }
    return objects;
  }

  private static String customValues() {
    return ControlPlane.repositoryRoot().resolve("operator/src/test/resources/chart/custom-values.yaml").toString();
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(o -> (T) o).toList();
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + found);
    return found.get(0);
  }

  private static Map<String, EnvVar> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> b, LinkedHashMap::new));
  }

  private static String value(Map<String, EnvVar> env, String name) {
    return env.containsKey(name) ? env.get(name).getValue() : null;
  }

  @Test
  void lintsWithDefaultAndNonDefaultValues() {
    Helm.run("lint", "--strict", Helm.chart().toString());
    Helm.run("lint", "--strict", Helm.chart().toString(), "-f", customValues());
  }

  @Test
  void rendersASecureOperatorDeploymentWithDefaults() {
    List<HasMetadata> objects = render();
    Deployment deployment = one(objects, Deployment.class);
    assertEquals(1, deployment.getSpec().getReplicas());
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(RELEASE, pod.getServiceAccountName());
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    Container operator = pod.getContainers().get(0);
    assertTrue(operator.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(operator.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), operator.getSecurityContext().getCapabilities().getDrop());
    assertNotNull(operator.getResources().getRequests().get("cpu"));
    assertNotNull(operator.getResources().getRequests().get("memory"));
    assertNotNull(operator.getResources().getLimits().get("memory"));
    assertEquals("/healthz", operator.getStartupProbe().getHttpGet().getPath());
    assertEquals("/healthz", operator.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/readyz", operator.getReadinessProbe().getHttpGet().getPath());
    assertEquals(8081, operator.getPorts().stream().filter(p -> p.getName().equals("http-health")).findFirst()
        .orElseThrow().getContainerPort());
    Map<String, EnvVar> env = env(deployment);
    assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("metadata.namespace", env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("false", value(env, "ORGSPACE_LEADER_ELECTION"), "one replica: no leader election");
    assertEquals("8081", value(env, "ORGSPACE_HEALTH_PORT"));
    assertEquals("nginx", value(env, "ORGSPACE_INGRESS_CONTROLLER"));
    assertNull(env.get("ORGSPACE_GATEWAY"));
    assertTrue(value(env, "JDK_JAVA_OPTIONS").contains("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
    assertTrue(operator.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
        "a writable /tmp beside the read-only root");

    assertEquals(Set.of("orgspace-metrics", "orgspace-webhook"), all(objects, io.fabric8.kubernetes.api.model.Service.class)
        .stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
    assertEquals(1, one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
    assertTrue(all(objects, Ingress.class).isEmpty(), "no webhook Ingress unless asked");
    assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("ServiceMonitor")));
    // The generated role ClusterRoles and admission policies, plus the operator's guard policies.
    Set<String> clusterRoles = all(objects, ClusterRole.class).stream().map(r -> r.getMetadata().getName())
        .collect(Collectors.toSet());
    assertTrue(clusterRoles.containsAll(ROLE_CLUSTER_ROLES), clusterRoles.toString());
    Set<String> policies = new java.util.TreeSet<>(Set.of("orgspace-project-settings", "orgspace-environment-changes",
        "orgspace-organization-prevent-deletion", "orgspace-organization-platform-fields", "orgspace-tenant-secrets",
        "orgspace-membership-sso-required"));
    policies.addAll(GUARD_POLICIES);
    assertEquals(policies, objects.stream().filter(o -> o.getKind().equals("ValidatingAdmissionPolicy"))
        .map(o -> o.getMetadata().getName()).collect(Collectors.toCollection(java.util.TreeSet::new)));
    assertEquals(policies.size(), objects.stream().filter(o -> o.getKind().equals("ValidatingAdmissionPolicyBinding")).count());
    for (ValidatingAdmissionPolicy guard : guardPolicies(objects)) {
      assertEquals(List.of("request.userInfo.username == 'system:serviceaccount:" + NAMESPACE + ":" + RELEASE + "'"),
          guard.getSpec().getMatchConditions().stream().map(c -> c.getExpression()).toList(),
          guard.getMetadata().getName() + " applies to the operator's ServiceAccount alone, never to users");
    }
  }

  private static List<ValidatingAdmissionPolicy> guardPolicies(List<HasMetadata> objects) {
    return all(objects, ValidatingAdmissionPolicy.class).stream()
        .filter(p -> p.getMetadata().getName().startsWith(OperatorGuard.PREFIX)).toList();
  }

  /**
   * Every write the operator's ClusterRole allows is confined by a guard policy: a new grant
   * without one fails here. Not guarded: the status of Orgspace's own kinds (what the operator
   * reports), and `finalizers`, which is no endpoint (only what OwnerReferencesPermissionEnforcement
   * asks for when an owner reference blocks deletion).
   */
  @Test
  void everyWriteTheOperatorMayMakeIsGuarded() {
    List<HasMetadata> objects = render();
    ClusterRole operator = all(objects, ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals("orgspace-operator")).findFirst().orElseThrow();
    Set<String> guarded = new java.util.TreeSet<>();
    for (ValidatingAdmissionPolicy guard : guardPolicies(objects)) {
      guard.getSpec().getMatchConstraints().getResourceRules().forEach(rule -> rule.getApiGroups().forEach(group ->
          rule.getResources().forEach(resource -> guarded.add(group + "/" + resource))));
    }
    Set<String> unguarded = new java.util.TreeSet<>();
    for (PolicyRule rule : operator.getRules()) {
      if (rule.getVerbs().stream().noneMatch(Set.of("create", "update", "patch", "delete", "deletecollection")::contains)) {
        continue;
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          boolean reportOnly = group.equals("orgspace.io") && (resource.endsWith("/status") || resource.endsWith("/finalizers"));
          if (!reportOnly && !guarded.contains(group + "/" + resource)) {
            unguarded.add(group + "/" + resource);
          }
        }
      }
    }
    assertEquals(Set.of(), unguarded, "writes of the operator's ClusterRole that no guard policy confines");
  }

  @Test
  void rendersEveryNonDefaultValue() {
    List<HasMetadata> objects = render("-f", customValues());
    Deployment deployment = one(objects, Deployment.class);
    assertEquals(3, deployment.getSpec().getReplicas());
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("registry.example/platform/orgspace:9.9.9", operator.getImage());
    assertEquals("orgspace-controller", deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    Map<String, EnvVar> env = env(deployment);
    assertEquals("true", value(env, "ORGSPACE_LEADER_ELECTION"), "more than one replica: leader election");
    assertEquals("orgspace-leader", value(env, "ORGSPACE_LEASE_NAME"));
    assertEquals("public", value(env, "ORGSPACE_INGRESS_CLASS"));
    assertEquals("traefik", value(env, "ORGSPACE_INGRESS_CONTROLLER"));
    assertEquals("traefik", value(env, "ORGSPACE_INGRESS_NAMESPACE"));
    assertEquals("infra/public", value(env, "ORGSPACE_GATEWAY"));
    assertEquals("10.0.0.0/8,100.64.0.0/10", value(env, "ORGSPACE_PRIVATE_CIDRS"));
    assertEquals("10.96.0.0/12,198.18.0.0/15", value(env, "ORGSPACE_CLUSTER_CIDRS"));
    assertEquals("pods=50,requests.cpu=4,requests.memory=8Gi", value(env, "ORGSPACE_DEFAULT_QUOTA"));
    assertEquals("cpu=1,memory=1Gi", value(env, "ORGSPACE_DEFAULT_CONTAINER_LIMITS"));
    assertEquals("cpu=100m,memory=128Mi", value(env, "ORGSPACE_DEFAULT_CONTAINER_REQUESTS"));
    assertEquals("https://k8s.example.com:6443", value(env, "ORGSPACE_API_SERVER_URL"));
    assertEquals("9091", value(env, "ORGSPACE_HEALTH_PORT"));
    assertEquals("9092", value(env, "ORGSPACE_WEBHOOK_PORT"));
    assertEquals("on", value(env, "EXTRA_SETTING"));
    assertEquals("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug -XX:MaxRAMPercentage=60", value(env, "JDK_JAVA_OPTIONS"));
    // What the chart writes is what the operator reads.
    var settings = io.orgspace.runtime.PreviewSettings.fromEnvironment(env.values().stream()
        .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)));
    assertEquals(Map.of("pods", "50", "requests.cpu", "4", "requests.memory", "8Gi"), settings.defaultQuota());
    assertEquals("public", settings.gatewayName());
    assertEquals(25, settings.maxEnvironments());
    assertEquals(Map.of("pods", "60", "requests.cpu", "6"), settings.maxQuota());
    assertTrue(settings.allowIsolationRelaxed());
    ClusterRoleBinding platformAdmins = all(objects, ClusterRoleBinding.class).stream()
        .filter(b -> b.getMetadata().getName().equals(PlatformAdmin.CLUSTER_ROLE)).findFirst().orElseThrow();
    assertEquals(PlatformAdmin.CLUSTER_ROLE, platformAdmins.getRoleRef().getName());
    assertEquals(List.of("platform-team"), platformAdmins.getSubjects().stream().map(Subject::getName).toList());

    Ingress ingress = one(objects, Ingress.class);
    assertEquals("hooks.acme.example", ingress.getSpec().getRules().get(0).getHost());
    assertEquals("/webhooks", ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath());
    assertEquals("orgspace-webhook", ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
        .getService().getName());
    assertEquals("hooks-tls", ingress.getSpec().getTls().get(0).getSecretName());
    GenericKubernetesResource monitor = (GenericKubernetesResource) objects.stream()
        .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
    assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
    assertEquals(2, one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
    assertEquals(List.of(), guardPolicies(objects), "the guard policies can be turned off");
    Role lease = one(objects, Role.class);
    assertTrue(lease.getRules().stream().anyMatch(r -> r.getResourceNames().contains("orgspace-leader")));
  }

  @Test
  void refusesValuesOutsideTheSchema() {
    for (List<String> bad : List.of(
        List.of("--set", "replicaCount=0"),
        List.of("--set", "environments.ingressController=haproxy"),
        List.of("--set", "environments.gateway=no-namespace"),
        List.of("--set", "environments.defaults.quota.pods=lots"),
        List.of("--set", "logLevel=verbose"),
        List.of("--set", "noSuchValue=true"))) {
      List<String> args = new ArrayList<>(List.of("template", RELEASE, Helm.chart().toString()));
      args.addAll(bad);
      Helm.Result result = Helm.attempt(args);
      assertNotEquals(0, result.exitCode(), "values.schema.json refuses " + bad);
      assertTrue(result.err().contains("schema") || result.err().contains("values don't meet"), result.err());
    }
  }

  /** Every Role and ClusterRole the chart renders, with default and with non-default values. */
  @Test
  void chartRbacHasNoWildcardAndBindsOnlyTheRoleClusterRoles() {
    for (List<HasMetadata> objects : List.of(render(), render("-f", customValues()))) {
      List<HasMetadata> roles = objects.stream().filter(o -> o instanceof ClusterRole || o instanceof Role).toList();
      assertTrue(roles.size() >= 6, "the operator's ClusterRole and Role, and the four role ClusterRoles");
      for (HasMetadata role : roles) {
        List<PolicyRule> rules = role instanceof ClusterRole c ? c.getRules() : ((Role) role).getRules();
        assertFalse(rules.isEmpty(), role.getMetadata().getName() + " has rules");
        for (PolicyRule rule : rules) {
          String where = role.getKind() + " " + role.getMetadata().getName() + " rule " + rule;
          for (List<String> list : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(),
              rule.getResourceNames(), rule.getNonResourceURLs())) {
            assertTrue(list.stream().noneMatch(s -> s.contains("*")), "no wildcard: " + where);
          }
          assertFalse(rule.getVerbs().isEmpty(), where);
          for (String verb : List.of("bind", "escalate", "impersonate")) {
            if (rule.getVerbs().contains(verb)) {
              assertFalse(rule.getResourceNames().isEmpty(), verb + " only with resourceNames: " + where);
              assertEquals(List.of("clusterroles"), rule.getResources(), where);
              assertTrue(ROLE_CLUSTER_ROLES.containsAll(rule.getResourceNames()),
                  verb + " only on the four role ClusterRoles: " + where);
              assertEquals(List.of(verb), rule.getVerbs(), verb + " stands alone in its rule: " + where);
            }
          }
        }
      }
      ClusterRole operator = all(objects, ClusterRole.class).stream()
          .filter(r -> r.getMetadata().getName().equals("orgspace-operator")).findFirst().orElseThrow();
      assertTrue(operator.getRules().stream().noneMatch(r -> r.getVerbs().contains("escalate")),
          "the operator never needs escalate: " + operator.getRules());
      assertTrue(operator.getRules().stream().anyMatch(r -> r.getVerbs().equals(List.of("bind"))
          && Set.copyOf(r.getResourceNames()).equals(ROLE_CLUSTER_ROLES)), "it binds the four role ClusterRoles");
    }
  }

  // ---- live ------------------------------------------------------------------------------------

  @AfterAll
  static void cleanUp() throws Exception {
    for (OperatorProcess operator : operators) {
      operator.close();
    }
    removeExampleOrganization();
    Helm.run("uninstall", RELEASE, "--namespace", NAMESPACE, "--ignore-not-found");
  }

  /** A failed run (of this test or another) may leave examples/' organization: an operator finishes deleting it. */
  private static void removeExampleOrganization() throws InterruptedException {
    KubernetesClient admin = ControlPlane.admin();
    if (admin.resources(Organization.class).withName("acme").get() != null || admin.namespaces().withName(HOME).get() != null) {
      try (OperatorProcess cleaner = OperatorProcess.start("chart-it-cleanup").awaitReady()) {
        admin.resources(Organization.class).withName("acme").delete();
        Poll.until(CONVERGE, "org-acme deleted", () -> admin.namespaces().withName(HOME).get() == null
            && admin.resources(Organization.class).withName("acme").get() == null);
      }
    }
  }

  /** A kubeconfig holding a TokenRequest token of the chart's ServiceAccount, and nothing else. */
  private static Path serviceAccountKubeconfig(KubernetesClient admin, String serviceAccount) throws IOException {
    String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
        .getStatus().getToken();
    Config config = Config.fromKubeconfig(Files.readString(ControlPlane.kubeconfig()));
    Path dir = ControlPlane.repositoryRoot().resolve("operator/target/chart-it");
    Files.createDirectories(dir);
    Path file = dir.resolve(serviceAccount + ".kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "%s", certificate-authority-data: %s}
        users:
        - name: %s
          user: {token: %s}
        contexts:
        - name: local
          context: {cluster: local, user: %s}
        current-context: local
        """.formatted(config.getMasterUrl(), config.getCaCertData(), serviceAccount, token, serviceAccount, serviceAccount));
    return file;
  }

  private static KubernetesClient clientFor(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestTimeout(30_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * The operator as the chart's Deployment runs it: its environment as installed (downward-API
   * fields filled in as the kubelet would), the ServiceAccount's identity, its own ports.
   */
  private static OperatorProcess startAsInstalled(KubernetesClient admin, String podName, Path kubeconfig) {
    Deployment deployment = admin.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : env(deployment).values()) {
      if (var.getValueFrom() != null) {
        String field = var.getValueFrom().getFieldRef().getFieldPath();
        env.put(var.getName(), field.equals("metadata.name") ? podName : NAMESPACE);
      } else if (!var.getName().equals("ORGSPACE_HEALTH_PORT") && !var.getName().equals("ORGSPACE_WEBHOOK_PORT")) {
        env.put(var.getName(), Objects.toString(var.getValue(), "")); // ports: the test's free ones
      }
    }
    env.put("KUBECONFIG", kubeconfig.toString());
    OperatorProcess operator = OperatorProcess.start("chart-it-" + podName, env);
    operators.add(operator);
    return operator;
  }

  private static boolean ready(ResourceStatus status) {
    return status != null && Conditions.isTrue(status.conditions, Condition.READY);
  }

  private static void awaitReady(KubernetesClient admin, Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ? extends ResourceStatus>> kind,
      String namespace, String name) {
    Poll.until(CONVERGE, kind.getSimpleName() + " " + name + " Ready", () -> {
      var object = namespace == null ? admin.resources(kind).withName(name).get()
          : admin.resources(kind).inNamespace(namespace).withName(name).get();
      return object != null && ready(object.getStatus());
    });
  }

  private static List<HasMetadata> examples(KubernetesClient admin) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(ControlPlane.repositoryRoot().resolve("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var in = Files.newInputStream(file)) {
          objects.addAll(admin.load(in).items());
        }
      }
    }
    return objects;
  }

  private static int deliver(OperatorProcess operator, Deliveries.Delivery delivery) throws IOException {
    Request.Builder request = new Request.Builder().url(operator.webhookUrl("acme", "shop"))
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = new OkHttpClient().newCall(request.build()).execute()) {
      return response.code();
    }
  }

  private static String data(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static void assertNothingForbidden(OperatorProcess operator) {
    List<String> refused = operator.log().lines().filter(line -> FORBIDDEN.matcher(line).find())
        .filter(line -> !TERMINATING.matcher(line).find()).limit(5).toList();
    assertTrue(refused.isEmpty(), "the operator, as the chart's ServiceAccount, was refused:\n" + String.join("\n", refused));
  }

  /** How often the API server's guard policies refused the operator's ServiceAccount (its metrics count failed validations). */
  private static long guardDenials(KubernetesClient admin) {
    return admin.raw(admin.getMasterUrl().toString().replaceAll("/$", "") + "/metrics").lines()
        .filter(line -> line.startsWith("apiserver_validating_admission_policy_check_total{")
            && line.contains("enforcement_action=\"deny\"") && line.contains("policy=\"" + OperatorGuard.PREFIX))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** A write the guard policies refuse the operator's ServiceAccount: the policy that refuses it, and part of its message. */
  private record ForeignWrite(String what, String policy, String message, Requests.Action write) {}

  /**
   * One row per class of write a compromised operator could attempt with its ClusterRole; each must
   * be answered 403 (or 422) by the named guard policy.
   */
  private static void refusesEveryClassOfForeignWrite(KubernetesClient admin, Path kubeconfig, String envNamespace)
      throws IOException {
    String unmanaged = "chart-it-unmanaged";
    Map<String, String> managedLabels = Labels.forOrganization("acme");
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(unmanaged).endMetadata().build())
        .serverSideApply();
    List<ForeignWrite> rows = List.of(
        new ForeignWrite("a token for a ServiceAccount of kube-system", OperatorGuard.API_KEYS, "not kube-system/default",
            c -> c.serviceAccounts().inNamespace("kube-system").withName("default").tokenRequest(
                new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())),
        new ForeignWrite("a ServiceAccount other than an API key's in a home namespace", OperatorGuard.API_KEYS,
            "not " + HOME + "/chart-it",
            c -> c.serviceAccounts().inNamespace(HOME).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("chart-it").withLabels(managedLabels).endMetadata().build()).create()),
        new ForeignWrite("a cluster-wide binding of orgspace-owner to an outside user", OperatorGuard.CLUSTER_ROLE_BINDINGS,
            "not chart-it-outsider",
            c -> c.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("chart-it-outsider").withLabels(managedLabels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("orgspace-owner")
                .endRoleRef().addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User")
                .withName("eve@outside.example").endSubject().build()).create()),
        new ForeignWrite("a per-organization ClusterRole that grants more than its Organization",
            OperatorGuard.CLUSTER_ROLES, "may only grant get, update, patch on the Organization chart-it",
            c -> c.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
                .withName(OrganizationAccess.memberClusterRoleName("chart-it")).withLabels(Labels.forOrganization("chart-it"))
                .endMetadata().addNewRule().withApiGroups("").withResources("secrets").withVerbs("get", "list").endRule()
                .build()).create()),
        new ForeignWrite("deleting a role ClusterRole of the chart", OperatorGuard.CLUSTER_ROLES, "not orgspace-owner",
            c -> c.rbac().clusterRoles().withName("orgspace-owner").delete()),
        new ForeignWrite("a RoleBinding of orgspace-owner in default", OperatorGuard.NAMESPACED_WRITES,
            "may write rolebindings only in namespaces Orgspace manages",
            c -> c.rbac().roleBindings().inNamespace("default").resource(new RoleBindingBuilder().withNewMetadata()
                .withName("orgspace-owner").withLabels(managedLabels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("orgspace-owner")
                .endRoleRef().addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User")
                .withName("eve@outside.example").endSubject().build()).create()),
        new ForeignWrite("a Secret in kube-system", OperatorGuard.NAMESPACED_WRITES,
            "may write secrets only in namespaces Orgspace manages",
            c -> c.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata().withName("chart-it")
                .withLabels(managedLabels).endMetadata().addToStringData("key", "value").build()).create()),
        new ForeignWrite("a ConfigMap in kube-system", OperatorGuard.NAMESPACED_WRITES,
            "may write configmaps only in namespaces Orgspace manages",
            c -> c.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("chart-it")
                .withLabels(managedLabels).endMetadata().addToData("key", "value").build()).create()),
        // RBAC lets it bind a role whose permissions it holds: its own, to an outsider.
        new ForeignWrite("a RoleBinding of a ClusterRole that is not a role of Orgspace, in a managed namespace",
            OperatorGuard.ROLE_BINDINGS, "not ClusterRole " + RELEASE + "-operator",
            c -> c.rbac().roleBindings().inNamespace(envNamespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("chart-it").withLabels(managedLabels).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(RELEASE + "-operator")
                .endRoleRef().addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User")
                .withName("eve@outside.example").endSubject().build()).create()),
        new ForeignWrite("a Role that lists every Secret of a home namespace", OperatorGuard.ROLES,
            "not " + HOME + "/orgspace-chart-it",
            c -> c.rbac().roles().inNamespace(HOME).resource(new RoleBuilder().withNewMetadata().withName("orgspace-chart-it")
                .withLabels(managedLabels).endMetadata().addNewRule().withApiGroups("").withResources("secrets")
                .withVerbs("get", "list").endRule().build()).create()),
        new ForeignWrite("deleting a namespace Orgspace did not make", OperatorGuard.NAMESPACES,
            "may not change or delete namespace " + unmanaged,
            c -> c.namespaces().withName(unmanaged).delete()),
        new ForeignWrite("taking a namespace over by labelling it", OperatorGuard.NAMESPACES,
            "may not change or delete namespace " + unmanaged,
            c -> c.namespaces().withName(unmanaged).edit(ns -> {
              ns.getMetadata().getLabels().putAll(managedLabels);
              return ns;
            })),
        new ForeignWrite("an Event in kube-system", OperatorGuard.EVENTS, "not in kube-system",
            c -> c.resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata()
                .withName("chart-it.1").withNamespace("kube-system").endMetadata()
                .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-01-01T00:00:00.000000Z"))
                .withNewRegarding().withApiVersion("v1").withKind("Namespace").withName("kube-system").endRegarding()
                .withReason("ChartIT").withAction("Test").withType("Normal").withReportingController("orgspace.io/operator")
                .withReportingInstance("chart-it").build()).create()),
        new ForeignWrite("changing what users declare: an Organization's owners", OperatorGuard.ORGSPACE_RESOURCES,
            "may not change the spec of organizations",
            c -> c.resources(Organization.class).withName("acme").edit(org -> {
              var outsider = new io.orgspace.api.Subject();
              outsider.kind = io.orgspace.api.SubjectKind.User;
              outsider.name = "eve@outside.example";
              org.getSpec().owners.add(outsider);
              return org;
            })),
        new ForeignWrite("an Environment outside a home namespace", OperatorGuard.ORGSPACE_RESOURCES,
            "Environments only in the home namespace",
            c -> c.resource(ControlPlane.load(Environment.class, """
                apiVersion: orgspace.io/v1alpha1
                kind: Environment
                metadata: {name: chart-it, namespace: %s}
                spec: {project: shop, pullRequest: {number: 9, headSha: abc1234}}
                """.formatted(envNamespace))).create()));
    try (KubernetesClient operatorIdentity = clientFor(kubeconfig)) {
      for (ForeignWrite row : rows) {
        assertRefusedByGuard(operatorIdentity, row);
      }
      assertNull(admin.namespaces().withName(unmanaged).get().getMetadata().getDeletionTimestamp());
      assertNotNull(admin.rbac().clusterRoles().withName("orgspace-owner").get());
      // What Orgspace makes, it may make.
      Map<String, String> organizationLabels = Labels.forOrganization("chart-it");
      assertTrue(Requests.allowed(operatorIdentity, c -> c.namespaces().resource(new NamespaceBuilder().withNewMetadata()
          .withName("chart-it-managed").withLabels(organizationLabels).endMetadata().build()).create()));
      assertTrue(Requests.allowed(operatorIdentity, c -> c.namespaces().withName("chart-it-managed").delete()));
    } finally {
      admin.namespaces().withName(unmanaged).delete();
    }
  }

  private static void assertRefusedByGuard(KubernetesClient operatorIdentity, ForeignWrite row) {
    KubernetesClientException refusal = null;
    try {
      row.write().run(operatorIdentity);
    } catch (Exception e) {
      for (Throwable t = e; t != null && refusal == null; t = t.getCause()) {
        if (t instanceof KubernetesClientException k && k.getCode() != 0) {
          refusal = k;
        }
      }
      assertNotNull(refusal, row.what() + ": failed before the API server answered: " + e);
    }
    assertNotNull(refusal, row.what() + ": the operator's ServiceAccount was allowed to write it");
    String message = String.valueOf(refusal.getMessage());
    assertTrue(refusal.getCode() == 403 || refusal.getCode() == 422, row.what() + ": " + refusal.getCode() + " " + message);
    assertTrue(message.contains("ValidatingAdmissionPolicy '" + row.policy() + "'") && message.contains(row.message()),
        row.what() + ": refused by " + row.policy() + " saying \"" + row.message() + "\", but: " + message);
  }

  @Test
  void installedChartRunsEveryFeatureWithItsOwnServiceAccountThenUpgradesAndUninstalls() throws Exception {
    KubernetesClient admin = ControlPlane.admin();
    removeExampleOrganization();
    String chart = Helm.chart().toString();
    Helm.run("uninstall", RELEASE, "--namespace", NAMESPACE, "--ignore-not-found");
    // --take-ownership: an operator started outside the chart (other tests, `make run`) may have
    // applied the role ClusterRoles and policies already.
    Helm.run("install", RELEASE, chart, "--namespace", NAMESPACE, "--create-namespace", "--take-ownership");
    assertTrue(Helm.run("status", RELEASE, "--namespace", NAMESPACE).contains("STATUS: deployed"));
    String serviceAccount = RELEASE;
    assertNotNull(admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount).get());
    assertNotNull(admin.rbac().clusterRoles().withName("orgspace-owner").get().getMetadata().getAnnotations()
        .get("meta.helm.sh/release-name"), "the release owns the role ClusterRoles");

    long guardDenialsBefore = guardDenials(admin);
    Path kubeconfig = serviceAccountKubeconfig(admin, serviceAccount);
    try (KubernetesClient operatorIdentity = clientFor(kubeconfig)) {
      assertFalse(Requests.allowed(operatorIdentity, c -> c.persistentVolumes().list()), "not an administrator");
      assertTrue(Requests.allowed(operatorIdentity, c -> c.namespaces().list()));
    }
    OperatorProcess first = startAsInstalled(admin, "orgspace-0", kubeconfig).awaitReady();
    assertTrue(first.log().contains("left to their Helm release"), "the operator does not write the chart's objects");

    // examples/: an organization with owners, SSO mappings and members, a project, an environment
    // with basic auth, one with secret variables and a private image, an API key.
    List<HasMetadata> examples = examples(admin);
    for (HasMetadata object : examples) {
      admin.resource(object).fieldManager("orgspace-examples").forceConflicts().serverSideApply();
    }
    awaitReady(admin, Organization.class, null, "acme");
    int namespaced = 0;
    for (HasMetadata object : examples) {
      for (Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ? extends ResourceStatus>> kind
          : List.of(Membership.class, Project.class, Environment.class, ApiKey.class)) {
        if (HasMetadata.getKind(kind).equals(object.getKind())) {
          awaitReady(admin, kind, HOME, object.getMetadata().getName());
          namespaced++;
        }
      }
    }
    assertEquals(9, namespaced, "examples/ has two members, three projects, three environments and an API key");

    // Members: the four role ClusterRoles bound in the home namespace, the Organization readable by name.
    // The Organization binds its members in its own reconcile, which may follow the Membership's Ready.
    Poll.until(CONVERGE, "bob bound as a Developer", () -> {
      RoleBinding developers = admin.rbac().roleBindings().inNamespace(HOME).withName("orgspace-developer").get();
      return developers != null && developers.getSubjects().stream().anyMatch(s -> s.getName().equals("bob@acme.example"));
    });
    assertTrue(Requests.allowed(ControlPlane.as("bob@acme.example"),
        c -> c.resources(Organization.class).withName("acme").get()), "per-organization ClusterRole bound");
    assertTrue(Requests.allowed(ControlPlane.as("bob@acme.example"),
        c -> c.resources(Environment.class).inNamespace(HOME).list()));
    // The environment: its namespace, workload, ingress and basic auth.
    String envNamespace = TenantNamespaces.environment("acme", "shop", "pr-42");
    assertNotNull(admin.apps().deployments().inNamespace(envNamespace).withName("app").get());
    assertNotNull(admin.network().v1().ingresses().inNamespace(envNamespace).withName("app").get());
    assertNotNull(admin.network().v1().networkPolicies().inNamespace(envNamespace).withName("orgspace-isolation").get());
    assertTrue(data(admin.secrets().inNamespace(envNamespace).withName("basic-auth").get(), "auth").contains(":$2"));
    assertNotNull(admin.secrets().inNamespace(HOME).withName("shop-pr-42-basic-auth").get());
    // The environment with secret variables and a private image: the copies in its namespace.
    String billing = TenantNamespaces.environment("acme", "billing", "billing-staging");
    assertNotNull(admin.secrets().inNamespace(billing).withName("app-secret-variables").get());
    assertNotNull(admin.secrets().inNamespace(billing).withName("app-image-pull").get());
    // The API key: a bound token that works, with its scope's rights.
    Secret key = admin.secrets().inNamespace(HOME).withName("apikey-ci").get();
    Path keyKubeconfig = Files.writeString(kubeconfig.resolveSibling("apikey-ci.kubeconfig"), data(key, "kubeconfig"));
    try (KubernetesClient ci = clientFor(keyKubeconfig)) {
      assertTrue(Requests.allowed(ci, c -> c.resources(Environment.class).inNamespace(HOME).list()));
    }
    // A webhook delivery opens a preview; closing the pull request deletes it and its namespace.
    String secret = data(admin.secrets().inNamespace(HOME).withName("shop-hook").get(), "secret");
    assertEquals(200, deliver(first, Deliveries.pullRequest(GitProvider.github, secret, "opened", 7, "a1b2c3d",
        Instant.now().toString(), false, false)));
    awaitReady(admin, Environment.class, HOME, "shop-pr-7");
    assertEquals(200, deliver(first, Deliveries.pullRequest(GitProvider.github, secret, "closed", 7, "a1b2c3d",
        Instant.now().plusSeconds(1).toString(), false, false)));
    Poll.until(CONVERGE, "preview of pull request 7 and its namespace deleted", () ->
        admin.resources(Environment.class).inNamespace(HOME).withName("shop-pr-7").get() == null
            && admin.namespaces().withName("acme-shop-pr-7").get() == null);
    // Revoking the key deletes its ServiceAccount.
    admin.resources(ApiKey.class).inNamespace(HOME).withName("ci")
        .edit(k -> { k.getSpec().revoked = true; return k; });
    Poll.until(CONVERGE, "the revoked key's ServiceAccount deleted",
        () -> admin.serviceAccounts().inNamespace(HOME).withName("apikey-ci").get() == null);
    assertNothingForbidden(first);

    // Upgrade: two replicas (leader election), Traefik and a Gateway, other defaults, quieter logs.
    Helm.run("upgrade", RELEASE, chart, "--namespace", NAMESPACE, "--reuse-values",
        "--set", "replicaCount=2", "--set", "environments.ingressController=traefik",
        "--set", "environments.gateway=infra/public", "--set", "environments.ingressNamespace=traefik",
        "--set", "logLevel=warn", "--set", "webhook.ingress.enabled=true", "--set", "webhook.ingress.host=hooks.acme.example");
    assertTrue(Helm.run("history", RELEASE, "--namespace", NAMESPACE).contains("Upgrade complete"));
    Deployment upgraded = admin.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get();
    assertEquals(2, upgraded.getSpec().getReplicas());
    assertEquals("true", value(env(upgraded), "ORGSPACE_LEADER_ELECTION"));
    assertNotNull(admin.network().v1().ingresses().inNamespace(NAMESPACE).withName("orgspace-webhook").get());
    assertEquals(0, first.terminate(Duration.ofSeconds(20)));

    ControlPlane.installRoutingCrds();
    OperatorProcess a = startAsInstalled(admin, "orgspace-a", kubeconfig);
    OperatorProcess b = startAsInstalled(admin, "orgspace-b", kubeconfig);
    a.awaitReady();
    b.awaitReady();
    Poll.until(CONVERGE, "a leader", () -> {
      var lease = admin.leases().inNamespace(NAMESPACE).withName(RELEASE).get();
      return lease != null && Set.of("orgspace-a", "orgspace-b").contains(lease.getSpec().getHolderIdentity());
    });
    String leader = admin.leases().inNamespace(NAMESPACE).withName(RELEASE).get().getSpec().getHolderIdentity();
    OperatorProcess leading = leader.equals("orgspace-a") ? a : b;
    OperatorProcess standing = leading == a ? b : a;
    // Traefik now protects the existing environment with a Middleware.
    Poll.until(CONVERGE, "Traefik Middleware for shop-pr-42", () -> admin.genericKubernetesResources(
        "traefik.io/v1alpha1", "Middleware").inNamespace(envNamespace).withName("basic-auth").get() != null);
    // A project routed by HTTPRoutes through the configured Gateway, with Envoy Gateway basic auth.
    admin.resource(ControlPlane.load(Project.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: gw, namespace: org-acme}
        spec:
          repository: {provider: github, url: "https://github.com/acme/gw"}
          previews: {domain: gw.acme.example, image: "registry.acme.example/gw:{{sha}}", basicAuth: true, routing: HTTPRoute}
        """)).create();
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: gw-pr-1, namespace: org-acme}
        spec: {project: gw, pullRequest: {number: 1, headSha: abc1234}}
        """)).create();
    awaitReady(admin, Environment.class, HOME, "gw-pr-1");
    Poll.until(CONVERGE, "HTTPRoute and SecurityPolicy", () ->
        admin.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(TenantNamespaces.environment("acme", "gw", "pr-1"))
            .withName("app").get() != null
        && admin.genericKubernetesResources("gateway.envoyproxy.io/v1alpha1", "SecurityPolicy").inNamespace(TenantNamespaces.environment("acme", "gw", "pr-1"))
            .withName("basic-auth").get() != null);
    assertFalse(leading.log().contains(" INFO "), "logLevel=warn reached the operator");

    // The leader stops: the standby takes the Lease (as the chart's ServiceAccount) and reconciles.
    long stoppedAt = System.nanoTime();
    assertEquals(0, leading.terminate(Duration.ofSeconds(20)));
    Poll.until(CONVERGE, "the standby leads", () -> admin.leases().inNamespace(NAMESPACE).withName(RELEASE).get()
        .getSpec().getHolderIdentity().equals(standing == a ? "orgspace-a" : "orgspace-b"));
    System.out.printf("chart: the standby took the Lease %d ms after the leader was told to stop%n",
        Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: gw-pr-2, namespace: org-acme}
        spec: {project: gw, pullRequest: {number: 2, headSha: def5678}}
        """)).create();
    awaitReady(admin, Environment.class, HOME, "gw-pr-2");

    // The guard policies: as the operator's ServiceAccount, each class of write beyond what Orgspace
    // makes is refused by the API server, with the policy's message.
    assertEquals(guardDenialsBefore, guardDenials(admin), "the guard policies never refused the operator's own work");
    refusesEveryClassOfForeignWrite(admin, kubeconfig, envNamespace);
    long guardDenialsAfterRefusals = guardDenials(admin);

    // Deleting the organization deletes every namespace it led to.
    admin.resources(Organization.class).withName("acme").delete();
    Poll.until(CONVERGE, "the organization's namespaces deleted", () -> admin.namespaces().list().getItems().stream()
        .noneMatch(ns -> ns.getMetadata().getName().equals(HOME) || ns.getMetadata().getName().startsWith("acme-")));
    Poll.until(CONVERGE, "the organization deleted", () -> admin.resources(Organization.class).withName("acme").get() == null);

    assertEquals(guardDenialsAfterRefusals, guardDenials(admin), "the guard policies never refused the operator's own work");
    for (OperatorProcess operator : List.of(first, a, b)) {
      assertNothingForbidden(operator);
    }
    assertEquals(0, standing.terminate(Duration.ofSeconds(20)));

    Helm.run("uninstall", RELEASE, "--namespace", NAMESPACE);
    assertNull(admin.apps().deployments().inNamespace(NAMESPACE).withName(RELEASE).get());
    assertNull(admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount).get());
    assertNull(admin.rbac().clusterRoles().withName("orgspace-operator").get());
    assertNull(admin.rbac().clusterRoles().withName("orgspace-owner").get());
    for (String guard : GUARD_POLICIES) {
      assertNull(admin.resources(ValidatingAdmissionPolicy.class).withName(guard).get(), guard);
    }
    assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName("organizations.orgspace.io").get(),
        "helm leaves CRDs (and so every tenant's objects) in place");
    admin.namespaces().withName(NAMESPACE).delete();
  }
}
