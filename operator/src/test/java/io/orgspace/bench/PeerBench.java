package io.orgspace.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.common.Conditions;
import io.orgspace.environment.EnvironmentPlan;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Side by side with Capsule: the same tenancy work — T tenants × N namespaces, each namespace with
 * an owner RoleBinding, a NetworkPolicy, a ResourceQuota and a LimitRange — done by Orgspace (T
 * Organizations × N named Environments) and by a Capsule controller binary given with
 * {@code -Dbench.capsule=PATH} (T Tenants, N namespaces each), one after the other on the same
 * control plane. Capsule runs out of cluster with its webhooks unregistered, twice: with its
 * defaults and with its client limits and workers raised ({@code bench.capsuleTuned}).
 */
final class PeerBench {
  private static final Duration LONG = Duration.ofMinutes(30);
  private static final Duration POLL = Duration.ofSeconds(1);
  /** The four objects every tenant namespace must hold: plural names in rbac/v1, networking/v1, v1. */
  static final List<String> KINDS = List.of("rolebindings", "networkpolicies", "resourcequotas", "limitranges");
  static final ResourceDefinitionContext TENANTS = new ResourceDefinitionContext.Builder()
      .withGroup("capsule.clastix.io").withVersion("v1beta2").withPlural("tenants").withKind("Tenant")
      .withNamespaced(false).build();
  static final ResourceDefinitionContext CAPSULE_CONFIGURATIONS = new ResourceDefinitionContext.Builder()
      .withGroup("capsule.clastix.io").withVersion("v1beta2").withPlural("capsuleconfigurations")
      .withKind("CapsuleConfiguration").withNamespaced(false).build();
  static final String CAPSULE_TENANT_LABEL = "capsule.clastix.io/tenant";
  static final String BENCH_LABEL = "orgspace-bench-peer";
  static final String CAPSULE_NAMESPACE = "capsule-bench-system";
  static final String CAPSULE_CONFIGURATION = "orgspace-bench";
  private static final Pattern REST_CLIENT = Pattern.compile("^rest_client_requests_total\\{.*method=\"([A-Z]+)\"");

  /** T tenants × N namespaces each, written "TxN" ({@code -Dbench.peerShape=20x50}). */
  record PeerShape(int tenants, int namespacesPerTenant) {
    int namespaces() {
      return tenants * namespacesPerTenant;
    }

    static PeerShape parse(String text) {
      String[] parts = text.trim().toLowerCase().split("x");
      if (parts.length != 2) {
        throw new IllegalArgumentException("bench.peerShape must be TENANTSxNAMESPACES, e.g. 20x50: " + text);
      }
      return new PeerShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    @Override
    public String toString() {
      return tenants + "x" + namespacesPerTenant;
    }
  }

  private final KubernetesClient admin;
  private final PeerShape shape;
  private final int idleSeconds;
  private final Path capsule;
  private final Path capsuleCrds;
  private final String jvmOptions;
  private final List<String> tunedFlags;
  private final Path logs;

  PeerBench(KubernetesClient admin, int idleSeconds) {
    this.admin = admin;
    this.shape = PeerShape.parse(System.getProperty("bench.peerShape", "20x50"));
    this.idleSeconds = idleSeconds;
    this.capsule = Path.of(System.getProperty("bench.capsule"));
    String crds = System.getProperty("bench.capsuleCrds", "");
    this.capsuleCrds = crds.isBlank() ? null : Path.of(crds);
    // The 1,000-environment run's heap: 150 MiB is too small for the live set at that size.
    this.jvmOptions = System.getProperty("bench.peerJvm", ScaleBench.JVM_OPTIONS.replaceAll("-Xmx\\d+[mMgG]", "-Xmx320m"));
    this.tunedFlags = Arrays.asList(System.getProperty("bench.capsuleTuned",
        "--workers=8 --client-connection-qps=1000 --client-connection-burst=2000").trim().split("\\s+"));
    this.logs = ControlPlane.repositoryRoot().resolve("operator/target/bench");
  }

  /** Whether a Capsule binary was given: the comparison runs only then. */
  static boolean wanted() {
    String path = System.getProperty("bench.capsule", "");
    return !path.isBlank();
  }

  /** Orgspace, then Capsule with its defaults, then Capsule tuned; each cleaned up before the next. */
  Map<String, Object> run() throws Exception {
    if (!Files.isExecutable(capsule)) {
      throw new IllegalArgumentException("bench.capsule is not an executable file: " + capsule);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("shape", shape.toString());
    report.put("namespaces", shape.namespaces());
    report.put("idleSeconds", idleSeconds);
    report.put("orgspaceJvmOptions", jvmOptions);
    report.put("capsuleBinary", capsule.toString());
    report.put("capsuleVersion", capsuleVersion());
    report.put("capsuleTunedFlags", String.join(" ", tunedFlags));
    List<Map<String, Object>> runs = new ArrayList<>();
    report.put("runs", runs);
    System.out.printf("== side by side with Capsule: %s (%d namespaces)%n", shape, shape.namespaces());
    List<String> peers = Arrays.asList(System.getProperty("bench.peers", "orgspace,capsule-defaults,capsule-tuned")
        .split(","));
    if (peers.contains("orgspace")) {
      OrgspaceRun orgspace = new OrgspaceRun();
      try {
        runs.add(orgspace.run());
      } finally {
        orgspace.cleanUp();
      }
    }
    if (peers.contains("capsule-defaults") || peers.contains("capsule-tuned")) {
      installCapsule();
    }
    for (List<String> flags : List.of(List.<String>of(), tunedFlags)) {
      String label = flags.isEmpty() ? "capsule-defaults" : "capsule-tuned";
      if (!peers.contains(label)) {
        continue;
      }
      CapsuleRun run = new CapsuleRun(label, flags);
      try {
        runs.add(run.run());
      } finally {
        run.cleanUp();
      }
    }
    printTable(runs);
    return report;
  }

  /** What both sides measure, from process start on a declared, unreconciled set. */
  abstract class PeerRun {
    final String name;
    final String prefix = "pb-" + UUID.randomUUID().toString().substring(0, 4);
    final Map<String, Object> result = new LinkedHashMap<>();

    PeerRun(String name) {
      this.name = name;
    }

    /** Names of the namespaces the controller must fill (known before it starts). */
    abstract Set<String> namespaces();

    abstract double writes();

    abstract long pid();

    abstract void awaitRestartReconciled(long startNanos) throws Exception;

    /** Every namespace holds at least one of each of {@link #KINDS}, as listed from the API server. */
    boolean filled(Set<String> namespaces) {
      Map<String, Set<String>> found = new HashMap<>();
      // resourceVersion 0: served from the API server's watch cache, cheap on the server being measured.
      ListOptions cached = new ListOptionsBuilder().withResourceVersion("0").build();
      Stream.of(
          admin.rbac().roleBindings().inAnyNamespace().list(cached).getItems().stream().map(o -> entry(o, "rolebindings")),
          admin.network().v1().networkPolicies().inAnyNamespace().list(cached).getItems().stream()
              .map(o -> entry(o, "networkpolicies")),
          admin.resourceQuotas().inAnyNamespace().list(cached).getItems().stream().map(o -> entry(o, "resourcequotas")),
          admin.limitRanges().inAnyNamespace().list(cached).getItems().stream().map(o -> entry(o, "limitranges")))
          .flatMap(s -> s)
          .filter(e -> namespaces.contains(e[0]))
          .forEach(e -> found.computeIfAbsent(e[0], k -> new HashSet<>()).add(e[1]));
      return namespaces.stream().allMatch(ns -> found.getOrDefault(ns, Set.of()).containsAll(KINDS));
    }

    private static String[] entry(HasMetadata object, String kind) {
      return new String[] {object.getMetadata().getNamespace(), kind};
    }

    void measureConvergence(long startNanos, java.util.function.BooleanSupplier alsoReady) {
      Set<String> namespaces = namespaces();
      Poll.until(LONG, name + ": every namespace with its four objects",
          () -> filled(namespaces) && alsoReady.getAsBoolean());
      double converged = ScaleBench.seconds(startNanos);
      result.put("convergenceSeconds", converged);
      result.put("convergenceMutatingRequests", writes());
      System.out.printf("%s: converged in %.1f s, %.0f mutating requests%n", name, converged, writes());
      result.put("settleSeconds", settle());
      result.put("rssMiB", rssMiB(pid()));
      double before = writes();
      sleepSeconds(idleSeconds);
      result.put("idleMutatingRequests", writes() - before);
      System.out.printf("%s: RSS %.0f MiB; %d s idle: %.0f mutating requests%n", name, (Double) result.get("rssMiB"),
          idleSeconds, writes() - before);
    }

    /** Waits until no write for 20 s (statuses settling after convergence): idle starts at rest. */
    double settle() {
      return ScaleBench.quiet(this::writes, Duration.ofSeconds(20), Duration.ofMinutes(10));
    }

    void measureRestart(long startNanos) throws Exception {
      awaitRestartReconciled(startNanos);
      double reconciled = ScaleBench.seconds(startNanos);
      result.put("restartSeconds", reconciled);
      // Also when its writes stop: work that follows the reconcile count shows here.
      double writesStop = reconciled + ScaleBench.quiet(this::writes, Duration.ofSeconds(20), Duration.ofMinutes(10));
      result.put("restartWritesStopSeconds", writesStop);
      result.put("restartMutatingRequests", writes());
      System.out.printf("%s: restart reconciled in %.1f s, writes stopped at %.1f s, %.0f mutating requests%n", name,
          reconciled, writesStop, writes());
    }
  }

  /** Orgspace: T Organizations, each with an owner, one Project without a host and N named Environments. */
  final class OrgspaceRun extends PeerRun {
    private static final String PROJECT = "app";
    private OperatorProcess operator;

    OrgspaceRun() {
      super("orgspace");
    }

    String organization(int i) {
      return prefix + "-o" + i;
    }

    @Override
    Set<String> namespaces() {
      Set<String> namespaces = new HashSet<>();
      for (int o = 0; o < shape.tenants(); o++) {
        for (int e = 0; e < shape.namespacesPerTenant(); e++) {
          namespaces.add(EnvironmentPlan.namespaceName(organization(o), PROJECT, environment(o, e)));
        }
      }
      return namespaces;
    }

    Environment environment(int organization, int number) {
      return ControlPlane.load(Environment.class, """
          apiVersion: orgspace.io/v1alpha1
          kind: Environment
          metadata: {name: e%d, namespace: %s}
          spec: {project: %s}
          """.formatted(number, Organization.homeNamespace(organization(organization)), PROJECT));
    }

    @Override
    double writes() {
      return ScaleBench.mutating(ScaleBench.requests(operator));
    }

    @Override
    long pid() {
      return operator.pid();
    }

    Map<String, Object> run() throws Exception {
      result.put("peer", name);
      List<HasMetadata> organizations = new ArrayList<>();
      List<HasMetadata> namespaced = new ArrayList<>();
      for (int o = 0; o < shape.tenants(); o++) {
        String org = organization(o);
        String home = Organization.homeNamespace(org);
        organizations.add(new NamespaceBuilder().withNewMetadata().withName(home)
            .withLabels(io.orgspace.api.Labels.forOrganization(org)).endMetadata().build());
        organizations.add(TestOrganization.named(org).owner().build());
        // No preview domain: no host, so no Ingress, htpasswd or credentials; an image is needed for a namespace.
        Project project = TestProject.named(PROJECT).in(home)
            .repository(GitProvider.github, "https://github.com/" + org + "/" + PROJECT)
            .previewImage("registry.example/app:1").build();
        project.getSpec().previews.replicas = 0; // a Deployment without pods: Capsule's side runs none either
        namespaced.add(project);
        for (int e = 0; e < shape.namespacesPerTenant(); e++) {
          namespaced.add(environment(o, e));
        }
      }
      ScaleBench.parallel(organizations, object -> admin.resource(object).create());
      ScaleBench.parallel(namespaced, object -> admin.resource(object).create());
      Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", jvmOptions, "MALLOC_ARENA_MAX", "2");
      operator = OperatorProcess.start("peer-bench-orgspace", env);
      long start = System.nanoTime();
      measureConvergence(start, this::allReady);
      result.put("objectsPerNamespace", objectsPerNamespace());
      operator.terminate(Duration.ofSeconds(30));
      operator = OperatorProcess.start("peer-bench-orgspace-restart", env);
      start = System.nanoTime();
      try {
        measureRestart(start);
      } finally {
        operator.terminate(Duration.ofSeconds(30));
      }
      result.put("restartMeasure", "operator start -> every primary reconciled once (orgspace_reconcile_seconds_count"
          + " >= primaries) with empty queues");
      return result;
    }

    boolean allReady() {
      List<Environment> environments = admin.resources(Environment.class).inAnyNamespace().list().getItems().stream()
          .filter(e -> e.getMetadata().getNamespace().startsWith("org-" + prefix)).toList();
      boolean organizations = admin.resources(Organization.class).list().getItems().stream()
          .filter(o -> o.getMetadata().getName().startsWith(prefix))
          .allMatch(o -> o.getStatus() != null && Conditions.isTrue(o.getStatus().conditions, Condition.READY));
      return environments.size() == shape.namespaces() && environments.stream().allMatch(ScaleBench.ScaleRun::ready)
          && organizations;
    }

    @Override
    void awaitRestartReconciled(long startNanos) {
      long primaries = ScaleBench.primaries(admin);
      result.put("restartPrimaries", primaries);
      operator.awaitReady(LONG);
      ScaleBench.awaitResyncDone(operator, primaries);
    }

    /** What Orgspace made in one environment namespace, by kind (for the comparison's fairness note). */
    Map<String, Integer> objectsPerNamespace() {
      String namespace = EnvironmentPlan.namespaceName(organization(0), PROJECT, environment(0, 0));
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String kind : List.of("v1/secrets", "v1/configmaps", "v1/services", "v1/resourcequotas", "v1/limitranges",
          "apps/v1/deployments", "networking.k8s.io/v1/networkpolicies", "networking.k8s.io/v1/ingresses",
          "rbac.authorization.k8s.io/v1/roles", "rbac.authorization.k8s.io/v1/rolebindings")) {
        var items = admin.genericKubernetesResources(ScaleBench.context(kind)).inNamespace(namespace)
            .withLabel(io.orgspace.api.Labels.MANAGED_BY, io.orgspace.api.Labels.MANAGED_BY_VALUE).list().getItems();
        if (!items.isEmpty()) {
          counts.put(ScaleBench.context(kind).getPlural(), items.size());
        }
      }
      return counts;
    }

    void cleanUp() throws InterruptedException {
      if (operator != null && operator.isAlive()) {
        operator.terminate(Duration.ofSeconds(30));
      }
      // Deleting organizations needs an operator to run their finalizers.
      OperatorProcess cleaner = OperatorProcess.start("peer-bench-orgspace-cleanup", Map.of());
      try {
        for (int o = 0; o < shape.tenants(); o++) {
          admin.resources(Organization.class).withName(organization(o)).delete();
        }
        Poll.until(LONG, "orgspace peer namespaces gone", () -> admin.namespaces().list().getItems().stream()
            .noneMatch(ns -> ns.getMetadata().getName().contains(prefix)));
      } finally {
        cleaner.close();
      }
    }
  }

  /** Capsule's CRDs (when a directory is given), its namespace and service account, its configuration. */
  void installCapsule() throws IOException {
    if (capsuleCrds != null) {
      try (Stream<Path> files = Files.list(capsuleCrds)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          CustomResourceDefinition crd = admin.getKubernetesSerialization()
              .unmarshal(Files.readString(file), CustomResourceDefinition.class);
          admin.resource(crd).forceConflicts().serverSideApply();
        }
      }
    }
    Poll.until(Duration.ofMinutes(2), "Capsule's Tenant and CapsuleConfiguration CRDs established"
        + (capsuleCrds == null ? " (give -Dbench.capsuleCrds=<capsule repo>/charts/capsule/crds to install them)" : ""),
        () -> Stream.of("tenants.capsule.clastix.io", "capsuleconfigurations.capsule.clastix.io").allMatch(name -> {
          var crd = admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
          return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
              .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        }));
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(CAPSULE_NAMESPACE).endMetadata()
        .build()).serverSideApply();
    admin.serviceAccounts().inNamespace(CAPSULE_NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("capsule").endMetadata().build()).serverSideApply();
    // Admission names are required at start and a client by the schema; no webhooks are listed, so
    // nothing is registered with the API server and the address is never called.
    admin.genericKubernetesResources(CAPSULE_CONFIGURATIONS).resource(generic("""
        apiVersion: capsule.clastix.io/v1beta2
        kind: CapsuleConfiguration
        metadata: {name: %s}
        spec:
          enableTLSReconciler: false
          admission:
            validating: {name: orgspace-bench-capsule-validating, client: {url: "https://127.0.0.1:9443/unused"}}
            mutating: {name: orgspace-bench-capsule-mutating, client: {url: "https://127.0.0.1:9443/unused"}}
        """.formatted(CAPSULE_CONFIGURATION))).forceConflicts().serverSideApply();
  }

  GenericKubernetesResource generic(String yaml) {
    return admin.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** Capsule: T Tenants (owner, NetworkPolicy, per-namespace ResourceQuota, LimitRange), N namespaces each. */
  final class CapsuleRun extends PeerRun {
    private final List<String> flags;
    private Process process;
    private int metricsPort;

    CapsuleRun(String name, List<String> flags) {
      super(name);
      this.flags = flags;
    }

    String tenant(int i) {
      return prefix + "-t" + i;
    }

    String namespace(int tenant, int number) {
      return tenant(tenant) + "-n" + number;
    }

    @Override
    Set<String> namespaces() {
      Set<String> namespaces = new HashSet<>();
      for (int t = 0; t < shape.tenants(); t++) {
        for (int n = 0; n < shape.namespacesPerTenant(); n++) {
          namespaces.add(namespace(t, n));
        }
      }
      return namespaces;
    }

    @Override
    long pid() {
      return process.pid();
    }

    @Override
    double writes() {
      double sum = 0;
      for (String line : metricsText().split("\n")) {
        Matcher method = REST_CLIENT.matcher(line);
        if (method.find() && !method.group(1).equals("GET")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }

    Map<String, Double> metrics() {
      Map<String, Double> samples = new LinkedHashMap<>();
      for (String line : metricsText().split("\n")) {
        int space = line.lastIndexOf(' ');
        if (!line.startsWith("#") && space > 0) {
          try {
            samples.merge(line.substring(0, space), Double.parseDouble(line.substring(space + 1)), Double::sum);
          } catch (NumberFormatException ignored) {
            // not a sample
          }
        }
      }
      return samples;
    }

    String metricsText() {
      try {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
            + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    Map<String, Object> run() throws Exception {
      result.put("peer", name);
      result.put("flags", String.join(" ", flags));
      declare();
      long start = start("peer-bench-" + label());
      measureConvergence(start, () -> true);
      stop();
      start = start("peer-bench-" + label() + "-restart");
      try {
        measureRestart(start);
      } finally {
        stop();
      }
      result.put("restartMeasure", "process start -> controller_runtime_reconcile_total{controller=\"capsule/tenants\"}"
          + " >= tenants with its queue empty");
      return result;
    }

    String label() {
      return name;
    }

    /** The Tenants, then their namespaces owned by them (as Capsule's webhook would make them), Capsule stopped. */
    void declare() throws Exception {
      List<GenericKubernetesResource> tenants = new ArrayList<>();
      for (int t = 0; t < shape.tenants(); t++) {
        tenants.add(generic("""
            apiVersion: capsule.clastix.io/v1beta2
            kind: Tenant
            metadata: {name: %s, labels: {%s: "%s"}}
            spec:
              owners:
              - {kind: User, name: owner@%s.example, clusterRoles: [admin]}
              networkPolicies:
                items:
                - podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from:
                    - podSelector: {}
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}
                  egress:
                  - to: [{podSelector: {}}]
                  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
                    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
                  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16]}}]
              resourceQuotas:
                scope: Namespace
                items:
                - hard: {limits.cpu: "2", limits.memory: 2Gi, requests.cpu: "1", requests.memory: 1Gi, pods: "10"}
              limitRanges:
                items:
                - limits:
                  - type: Container
                    default: {cpu: 500m, memory: 256Mi}
                    defaultRequest: {cpu: 50m, memory: 64Mi}
            """.formatted(tenant(t), BENCH_LABEL, prefix, tenant(t))));
      }
      ScaleBench.parallel(tenants, object -> admin.genericKubernetesResources(TENANTS).resource(object).create());
      List<Namespace> namespaces = new ArrayList<>();
      for (int t = 0; t < shape.tenants(); t++) {
        GenericKubernetesResource tenant = admin.genericKubernetesResources(TENANTS).withName(tenant(t)).get();
        for (int n = 0; n < shape.namespacesPerTenant(); n++) {
          namespaces.add(new NamespaceBuilder().withNewMetadata().withName(namespace(t, n))
              .withLabels(Map.of(CAPSULE_TENANT_LABEL, tenant(t), BENCH_LABEL, prefix))
              .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("capsule.clastix.io/v1beta2")
                  .withKind("Tenant").withName(tenant(t)).withUid(tenant.getMetadata().getUid())
                  .withController(true).withBlockOwnerDeletion(true).build())
              .endMetadata().build());
        }
      }
      ScaleBench.parallel(namespaces, namespace -> admin.namespaces().resource(namespace).create());
    }

    /** Starts Capsule and waits for its metrics endpoint; returns the nanoTime just before the process started. */
    long start(String logName) throws IOException {
      Path certs = logs.resolve("capsule-certs");
      if (!Files.exists(certs.resolve("tls.crt"))) {
        selfSignedCertificate(certs);
      }
      metricsPort = freePort();
      List<String> command = new ArrayList<>(List.of(capsule.toString(),
          "--configuration-name=" + CAPSULE_CONFIGURATION,
          "--enable-leader-election=false",
          "--metrics-addr=127.0.0.1:" + metricsPort,
          "--webhook-port=" + freePort(),
          "--webhook-cert-path=" + certs));
      command.addAll(flags);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("KUBECONFIG", ControlPlane.kubeconfig().toString());
      builder.environment().put("NAMESPACE", CAPSULE_NAMESPACE);
      builder.environment().put("SERVICE_ACCOUNT", "capsule");
      builder.redirectErrorStream(true).redirectOutput(logs.resolve(logName + ".log").toFile());
      long startNanos = System.nanoTime();
      process = builder.start();
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      Poll.until(Duration.ofMinutes(2), "Capsule metrics endpoint (log: " + logName + ".log)", () -> {
        if (!started.isAlive()) {
          throw new IllegalStateException("Capsule exited with " + started.exitValue() + "; see " + logName + ".log");
        }
        return !metricsText().isEmpty();
      });
      return startNanos;
    }

    void stop() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }

    @Override
    void awaitRestartReconciled(long startNanos) {
      Poll.until(LONG, name + ": every Tenant reconciled after the restart", () -> {
        Map<String, Double> metrics = metrics();
        double reconciled = sum(metrics, "controller_runtime_reconcile_total{", "controller=\"capsule/tenants\"");
        double queued = sum(metrics, "workqueue_depth{", "name=\"capsule/tenants\"")
            + sum(metrics, "controller_runtime_active_workers{", "controller=\"capsule/tenants\"");
        return reconciled >= shape.tenants() && queued == 0;
      });
    }

    private double sum(Map<String, Double> metrics, String prefixOfName, String label) {
      return metrics.entrySet().stream().filter(m -> m.getKey().startsWith(prefixOfName) && m.getKey().contains(label))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Capsule stopped first; its finalizers on Tenants are removed by hand, then namespaces and Tenants go. */
    void cleanUp() throws Exception {
      stop();
      admin.namespaces().withLabel(BENCH_LABEL, prefix).delete();
      for (var tenant : admin.genericKubernetesResources(TENANTS).withLabel(BENCH_LABEL, prefix).list().getItems()) {
        try {
          admin.genericKubernetesResources(TENANTS).withName(tenant.getMetadata().getName())
              .edit(t -> {
                t.getMetadata().setFinalizers(List.of());
                return t;
              });
          admin.genericKubernetesResources(TENANTS).withName(tenant.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      Poll.until(LONG, "capsule peer namespaces and tenants gone", () ->
          admin.namespaces().withLabel(BENCH_LABEL, prefix).list().getItems().isEmpty()
              && admin.genericKubernetesResources(TENANTS).withLabel(BENCH_LABEL, prefix).list().getItems().isEmpty());
    }
  }

  String capsuleVersion() {
    try {
      Process version = new ProcessBuilder(capsule.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(version.getInputStream().readAllBytes());
      version.waitFor(30, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.toLowerCase().contains("version")).findFirst().orElse(out.strip()).strip();
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** A throw-away certificate for Capsule's webhook server, which refuses to start without one. */
  static void selfSignedCertificate(Path directory) throws IOException {
    Files.createDirectories(directory);
    try {
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
          "-keyout", directory.resolve("tls.key").toString(), "-out", directory.resolve("tls.crt").toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
        throw new IOException("openssl could not make Capsule's webhook certificate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static double rssMiB(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L) / 1024.0;
    } catch (IOException e) {
      return -1;
    }
  }

  static void sleepSeconds(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void printTable(List<Map<String, Object>> runs) {
    System.out.println();
    System.out.printf("%-40s", "figure");
    runs.forEach(r -> System.out.printf("%20s", r.get("peer")));
    System.out.println();
    row(runs, "start -> converged (s)", "convergenceSeconds");
    row(runs, "mutating requests to converge", "convergenceMutatingRequests");
    row(runs, "writes settling after converged (s)", "settleSeconds");
    row(runs, "RSS after convergence (MiB)", "rssMiB");
    row(runs, "restart: start -> reconciled (s)", "restartSeconds");
    row(runs, "restart: writes stopped (s)", "restartWritesStopSeconds");
    row(runs, "restart: mutating requests", "restartMutatingRequests");
    row(runs, "mutating requests, idle", "idleMutatingRequests");
  }

  private static void row(List<Map<String, Object>> runs, String label, String key) {
    System.out.printf("%-40s", label);
    for (Map<String, Object> r : runs) {
      Object v = r.get(key);
      System.out.printf("%20s", v instanceof Double d ? String.format("%.1f", d) : v == null ? "-" : String.valueOf(v));
    }
    System.out.println();
  }
}
