package io.orgspace.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * Benchmark (not a test) of scale against the real local control plane: for each size (total
 * environments), N organizations with members, SSO mappings, projects and environments with basic
 * auth are declared, then the operator is started cold and timed to all Ready; the same objects it
 * made are then created by a plain parallel client (the write floor). Also: writes during a forced
 * full resync and idle minutes, memory, restart time, create-to-Ready and webhook latency.
 * Prints one table and writes operator/target/bench/scale.json.
 * Run: make bench (arguments: sizes, e.g. "100 1000"; -Dbench.idleSeconds=300).
 */
public final class ScaleBench {
  private static final int THREADS = 16;
  private static final Duration LONG = Duration.ofMinutes(30);
  /**
   * The operator's JVM options ({@code -Dbench.jvm}): the heap bound of the memory target, the
   * collector a container with under two CPUs gets, and a small footprint outside the heap.
   */
  static final String JVM_OPTIONS = System.getProperty("bench.jvm", "-Xmx160m -XX:+UseSerialGC -XX:MaxMetaspaceSize=100m"
      + " -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$");

  private ScaleBench() {}

  record Shape(int organizations, int environmentsPerOrganization, int members, int projects) {
    int environments() {
      return organizations * environmentsPerOrganization;
    }

    static Shape forSize(int environments) {
      int organizations = environments >= 1000 ? 20 : Math.max(1, environments / 20);
      return new Shape(organizations, environments / organizations, 3, 2);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    boolean peersOnly = "peers".equals(System.getProperty("bench.only", ""));
    if (sizes.isEmpty() && !peersOnly && !PeerBench.wanted()) {
      sizes = List.of(100, 1000);
    }
    if (peersOnly) {
      sizes = List.of();
    }
    int idleSeconds = Integer.getInteger("bench.idleSeconds", 300);
    KubernetesClient admin = ControlPlane.admin();
    List<Map<String, Object>> results = new ArrayList<>();
    Path out = ControlPlane.repositoryRoot().resolve("operator/target/bench/scale.json");
    Files.createDirectories(out.getParent());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("jvmOptions", JVM_OPTIONS);
    report.put("runs", results);
    boolean failed = false;
    for (int size : sizes) {
      ScaleRun run = new ScaleRun(admin, Shape.forSize(size), idleSeconds);
      try {
        results.add(run.run());
      } catch (Exception e) {
        // Recorded, and the other sizes (and the peers) still run: one failed size is a figure too.
        e.printStackTrace(System.out);
        failed = true;
        results.add(run.failed(e));
      } finally {
        // Reported before the (long) clean-up of a large run.
        Files.writeString(out, admin.getKubernetesSerialization().asJson(report));
        printTable(results);
        System.out.println("JSON report: " + out);
        run.cleanUp();
      }
    }
    if (PeerBench.wanted()) {
      // After the sizes, on the same control plane, in the same process.
      try {
        report.put("peers", new PeerBench(admin, idleSeconds).run());
        Files.writeString(out, admin.getKubernetesSerialization().asJson(report));
        System.out.println("JSON report: " + out);
      } catch (Exception e) {
        e.printStackTrace(System.out);
        System.exit(1);
      }
    }
    System.exit(failed ? 1 : 0); // okhttp's pools would keep exec:java waiting
  }

  static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    try {
      machine.put("memory", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
      machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().orElse("").replaceAll(".*: ", ""));
    } catch (java.io.IOException ignored) {
      // not Linux
    }
    return machine;
  }

  /** One size: declare, converge, measure, compare with the floor, clean up. */
  static final class ScaleRun {
    private final KubernetesClient admin;
    private final Shape shape;
    private final int idleSeconds;
    private final String prefix;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final String webhookSecret = UUID.randomUUID().toString();

    ScaleRun(KubernetesClient admin, Shape shape, int idleSeconds) {
      this.admin = admin;
      this.shape = shape;
      this.idleSeconds = idleSeconds;
      this.prefix = "b" + shape.environments() + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    String organization(int i) {
      return prefix + "-o" + i;
    }

    /** The figures taken before the failure, and what failed. */
    Map<String, Object> failed(Exception e) {
      result.put("failed", String.valueOf(e.getMessage()));
      return result;
    }

    Map<String, Object> run() throws Exception {
      result.put("environments", shape.environments());
      result.put("shape", shape);
      System.out.printf("== %d environments: %s%n", shape.environments(), shape);
      result.put("declareSeconds", declare() / 1000.0);
      // A forced 60 s resync, for the resync figure only: at 1,000 a full resync takes longer than
      // that, so the latency phases run on the restarted operator at its default resync instead.
      OperatorProcess converging = OperatorProcess.start("scale-bench-" + shape.environments(),
          operatorEnvironment(Map.of("ORGSPACE_RESYNC_INTERVAL", "60s")));
      try {
        long start = System.nanoTime();
        converging.awaitReady(LONG);
        result.put("startToReadySeconds", seconds(start));
        awaitAllReady(converging);
        double converged = seconds(start);
        result.put("convergenceSeconds", converged);
        Map<String, Double> writes = requests(converging);
        result.put("convergenceRequests", writes);
        System.out.printf("converged in %.1f s; requests %s%n", converged, writes);
        result.put("settleSeconds", settle(converging));
        memory(converging, "memoryAfterConvergence");
        floor(converged); // the objects of the declared set only, before more environments come
        idle(converging);
      } finally {
        converging.terminate(Duration.ofSeconds(30));
      }
      OperatorProcess operator = restart(operatorEnvironment(Map.of()));
      try {
        latency(operator);
        webhook(operator);
        settle(operator); // the last webhook environments' bindings and bundles, before the stop
        memory(operator, "memoryAtEnd");
      } finally {
        operator.terminate(Duration.ofSeconds(30));
      }
      return result;
    }

    /** The chart's JVM options, and every write logged (the bench reads them when a figure surprises). */
    static Map<String, String> operatorEnvironment(Map<String, String> extra) {
      Map<String, String> env = new LinkedHashMap<>(Map.of("JAVA_TOOL_OPTIONS", JVM_OPTIONS, "MALLOC_ARENA_MAX", "2",
          "ORGSPACE_LOG_WRITES", "true"));
      env.putAll(extra);
      return env;
    }

    /** Organizations (with their labelled home namespaces), members, projects, environments. */
    long declare() throws Exception {
      long start = System.nanoTime();
      List<HasMetadata> organizations = new ArrayList<>();
      List<HasMetadata> namespaced = new ArrayList<>();
      for (int o = 0; o < shape.organizations(); o++) {
        String org = organization(o);
        String home = Organization.homeNamespace(org);
        organizations.add(new NamespaceBuilder().withNewMetadata().withName(home)
            .withLabels(Labels.forOrganization(org)).endMetadata().build());
        organizations.add(TestOrganization.named(org).owner().domain().ssoGroupPrefix("oidc:")
            .ssoGroup("engineering", Role.Developer).ssoGroup("helpdesk", Role.Support).build());
        namespaced.add(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(home).endMetadata()
            .addToStringData("secret", webhookSecret).build());
        Role[] roles = {Role.Developer, Role.Support, Role.Manager};
        for (int m = 0; m < shape.members(); m++) {
          namespaced.add(TestMembership.of(home, "m" + m, "m" + m + "@" + org + ".example", roles[m % roles.length]));
        }
        for (int p = 0; p < shape.projects(); p++) {
          namespaced.add(TestProject.named("p" + p).in(home)
              .repository(GitProvider.github, "https://github.com/" + org + "/p" + p).webhookSecret("hook", "secret")
              .previewDomain("p" + p + "." + org + ".example").previewImage("registry.example/app:{{sha}}")
              .previewPort(8080).previewBasicAuth().build());
        }
        for (int e = 0; e < shape.environmentsPerOrganization(); e++) {
          namespaced.add(environment(home, "p" + (e % shape.projects()), e + 1));
        }
      }
      parallel(organizations, object -> admin.resource(object).create());
      parallel(namespaced, object -> admin.resource(object).create());
      return (System.nanoTime() - start) / 1_000_000;
    }

    static Environment environment(String namespace, String project, int number) {
      return ControlPlane.load(Environment.class, """
          apiVersion: orgspace.io/v1alpha1
          kind: Environment
          metadata: {name: %s-pr-%d, namespace: %s}
          spec: {project: %s, pullRequest: {number: %d, headSha: a1b2c3d, branch: feature-%d}, basicAuth: {enabled: true}}
          """.formatted(project, number, namespace, project, number, number));
    }

    List<Environment> environments() {
      return admin.resources(Environment.class).inAnyNamespace().list().getItems().stream()
          .filter(e -> e.getMetadata().getNamespace().startsWith("org-" + prefix)).toList();
    }

    static boolean ready(Environment e) {
      Condition ready = e.getStatus() == null ? null : Conditions.find(e.getStatus().conditions, Condition.READY);
      return ready != null && Condition.TRUE.equals(ready.status)
          && e.getMetadata().getGeneration().equals(ready.observedGeneration);
    }

    void awaitAllReady(OperatorProcess operator) {
      Poll.until(LONG, "all environments and organizations Ready", () -> {
        if (!operator.isAlive()) {
          // Out of memory (the JVM options exit on it), for one: no use waiting out the deadline.
          throw new IllegalStateException("the operator exited before all were Ready; see its log");
        }
        List<Environment> all = environments();
        long ready = all.stream().filter(ScaleRun::ready).count();
        boolean organizations = admin.resources(Organization.class).list().getItems().stream()
            .filter(o -> o.getMetadata().getName().startsWith(prefix))
            .allMatch(o -> o.getStatus() != null && Conditions.isTrue(o.getStatus().conditions, Condition.READY));
        return ready >= shape.environments() && organizations;
      });
    }

    /**
     * After all are Ready, statuses that count namespaces and bindings may still move for a while:
     * waits until the operator has made no write for 20 s, so that the idle figures start at rest.
     */
    double settle(OperatorProcess operator) {
      double settled = quiet(() -> mutating(requests(operator)), Duration.ofSeconds(20), Duration.ofMinutes(10));
      System.out.printf("settled %.1f s after all Ready%n", settled);
      return settled;
    }

    /** Writes during a forced full resync (every object reconciled once more), then during idle minutes. */
    void idle(OperatorProcess operator) throws InterruptedException {
      double before = mutating(requests(operator));
      Thread.sleep(75_000); // the operator runs with a 60 s resync interval
      double afterResync = mutating(requests(operator));
      result.put("resyncMutatingRequests", afterResync - before);
      Thread.sleep(idleSeconds * 1000L);
      result.put("idleSeconds", idleSeconds);
      result.put("idleMutatingRequests", mutating(requests(operator)) - afterResync);
      System.out.printf("writes: resync %.0f, %d s idle %.0f%n", afterResync - before, idleSeconds,
          mutating(requests(operator)) - afterResync);
    }

    /**
     * Environment created -> Ready, at a steady 2 per second on the converged cluster. Ready waits
     * for the workload to be available, which is the cluster's work (controller manager, scheduler,
     * kubelet): the Deployment's first sighting and its first available replica split the time
     * into the operator's writes, the cluster's rollout, and the operator's status.
     */
    void latency(OperatorProcess operator) throws Exception {
      int count = 100;
      Map<String, Long> created = new ConcurrentHashMap<>();
      Map<String, Long> readyAt = new ConcurrentHashMap<>();
      Map<String, Long> deploymentSeenAt = new ConcurrentHashMap<>();
      Map<String, Long> availableAt = new ConcurrentHashMap<>();
      var deployments = admin.apps().deployments().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
          .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.apps.Deployment d) {
              deploymentSeenAt.putIfAbsent(d.getMetadata().getNamespace(), System.nanoTime());
              onUpdate(null, d);
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.apps.Deployment old, io.fabric8.kubernetes.api.model.apps.Deployment d) {
              if (d.getStatus() != null && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() > 0) {
                availableAt.putIfAbsent(d.getMetadata().getNamespace(), System.nanoTime());
              }
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.apps.Deployment d, boolean unknown) {}
          });
      var informer = admin.resources(Environment.class).inAnyNamespace().inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
        @Override
        public void onAdd(Environment e) {
          onUpdate(null, e);
        }

        @Override
        public void onUpdate(Environment old, Environment e) {
          if (ready(e)) {
            readyAt.putIfAbsent(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), System.nanoTime());
          }
        }

        @Override
        public void onDelete(Environment e, boolean unknown) {}
      });
      try {
        for (int i = 0; i < count; i++) {
          String home = Organization.homeNamespace(organization(i % shape.organizations()));
          Environment environment = environment(home, "p0", 10_000 + i);
          created.put(home + "/" + environment.getMetadata().getName(), System.nanoTime());
          admin.resource(environment).create();
          Thread.sleep(500);
        }
        Poll.until(Duration.ofMinutes(5), "latency environments Ready", () -> readyAt.keySet().containsAll(created.keySet()));
      } finally {
        informer.close();
        deployments.close();
      }
      List<Long> millis = new ArrayList<>();
      List<Long> writing = new ArrayList<>();
      List<Long> rollingOut = new ArrayList<>();
      List<Long> reporting = new ArrayList<>();
      Map<String, String> namespaceOf = new LinkedHashMap<>();
      environments().forEach(e -> namespaceOf.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(),
          e.getStatus() == null ? null : e.getStatus().namespace));
      created.forEach((key, at) -> {
        millis.add((readyAt.get(key) - at) / 1_000_000);
        Long seen = deploymentSeenAt.get(namespaceOf.get(key));
        Long available = availableAt.get(namespaceOf.get(key));
        if (seen != null && available != null) {
          writing.add((seen - at) / 1_000_000);
          rollingOut.add((available - seen) / 1_000_000);
          reporting.add((readyAt.get(key) - available) / 1_000_000);
        }
      });
      result.put("createToReadyMs", percentiles(millis));
      result.put("createToDeploymentMs", percentiles(writing));
      result.put("deploymentToAvailableMs", percentiles(rollingOut));
      result.put("availableToReadyMs", percentiles(reporting));
      System.out.printf("create -> Ready: %s; of which create -> Deployment seen %s, -> available %s, -> Ready %s%n",
          percentiles(millis), percentiles(writing), percentiles(rollingOut), percentiles(reporting));
    }

    private static Map<String, Object> percentiles(List<Long> millis) {
      if (millis.isEmpty()) {
        return Map.of("count", 0);
      }
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      int count = sorted.size();
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("count", count);
      figures.put("p50", sorted.get(count / 2));
      figures.put("p99", sorted.get((int) (count * 0.99)));
      figures.put("max", sorted.get(count - 1));
      return figures;
    }

    /** Webhook delivery -> Environment written (the webhook answers after its apply), paced 5 per second. */
    void webhook(OperatorProcess operator) throws Exception {
      int count = 200;
      OkHttpClient http = new OkHttpClient();
      String org = organization(0);
      String url = operator.webhookUrl(org, "p1");
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // Each pull request newer than the last: the webhook remembers a bounded number of them and
        // refuses events no newer than what it has forgotten.
        var delivery = Deliveries.pullRequest(GitProvider.github, webhookSecret, "opened", 20_000 + i, "aaaaaaa1",
            Instant.parse("2026-11-21T10:00:00Z").plusSeconds(i).toString(), false, false);
        long start = System.nanoTime();
        int status = WebhookBench.post(http, url, delivery);
        micros.add((System.nanoTime() - start) / 1000);
        if (status != 200) {
          throw new IllegalStateException("delivery " + i + " answered " + status);
        }
        Thread.sleep(200);
      }
      Collections.sort(micros);
      result.put("webhookToEnvironmentMs", Map.of("count", count, "p50", micros.get(count / 2) / 1000.0,
          "p99", micros.get((int) (count * 0.99)) / 1000.0));
      System.out.printf("webhook -> Environment: p50 %.1f ms, p99 %.1f ms%n", micros.get(count / 2) / 1000.0,
          micros.get((int) (count * 0.99)) / 1000.0);
    }

    /** Start -> informers synced -> every primary reconciled once, with its writes; returns the running operator. */
    OperatorProcess restart(Map<String, String> env) throws Exception {
      long primaries = primaries(admin);
      OperatorProcess operator = OperatorProcess.start("scale-bench-restart-" + shape.environments(), env);
      long start = System.nanoTime();
      try {
        operator.awaitReady(LONG);
        double ready = seconds(start);
        awaitResyncDone(operator, primaries);
        double done = seconds(start);
        result.put("restart", Map.of("primaries", primaries, "startToReadySeconds", ready,
            "startToResyncDoneSeconds", done, "mutatingRequests", mutating(requests(operator))));
        System.out.printf("restart: ready %.1f s, full resync done %.1f s, writes %.0f%n", ready, done,
            mutating(requests(operator)));
        return operator;
      } catch (Exception | Error e) {
        operator.terminate(Duration.ofSeconds(30));
        throw e;
      }
    }

    /** The same objects the operator made, created by a plain parallel client into fresh names. */
    void floor(double operatorSeconds) throws Exception {
      List<String> kinds = List.of("v1/namespaces", "v1/secrets", "v1/configmaps", "v1/services", "v1/serviceaccounts",
          "v1/resourcequotas", "v1/limitranges", "apps/v1/deployments", "networking.k8s.io/v1/networkpolicies",
          "networking.k8s.io/v1/ingresses", "rbac.authorization.k8s.io/v1/roles",
          "rbac.authorization.k8s.io/v1/rolebindings", "rbac.authorization.k8s.io/v1/clusterroles",
          "rbac.authorization.k8s.io/v1/clusterrolebindings");
      List<Runnable> namespaces = new ArrayList<>();
      List<Runnable> objects = new ArrayList<>();
      List<GenericKubernetesResource> namespaceCopies = new ArrayList<>();
      java.util.Set<String> objectNamespaces = new java.util.TreeSet<>();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String kind : kinds) {
        var context = context(kind);
        var items = (context.isNamespaceScoped()
            ? admin.genericKubernetesResources(context).inAnyNamespace() : admin.genericKubernetesResources(context))
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems().stream()
            .filter(o -> String.valueOf(o.getMetadata().getLabels().get(Labels.ORGANIZATION)).startsWith(prefix))
            .toList();
        counts.put(context.getPlural(), items.size());
        for (GenericKubernetesResource item : items) {
          GenericKubernetesResource copy = floorCopy(item, context);
          if (kind.equals("v1/namespaces")) {
            namespaceCopies.add(copy);
            namespaces.add(() -> admin.genericKubernetesResources(context).resource(copy).create());
          } else if (context.isNamespaceScoped()) {
            objectNamespaces.add(copy.getMetadata().getNamespace());
            objects.add(() -> admin.genericKubernetesResources(context).inNamespace(copy.getMetadata().getNamespace())
                .resource(copy).create());
          } else {
            objects.add(() -> admin.genericKubernetesResources(context).resource(copy).create());
          }
        }
      }
      // Objects outside the organizations' namespaces (the CA Secrets in the operator's) need theirs too.
      java.util.Set<String> covered = new java.util.HashSet<>();
      namespaceCopies.forEach(ns -> covered.add(ns.getMetadata().getName()));
      objectNamespaces.stream().filter(covered::add).forEach(name -> namespaces.add(() ->
          admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
              .withLabels(Map.of("orgspace-bench-floor", prefix)).endMetadata().build()).create()));
      java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
      Consumer<Runnable> create = creation -> {
        try {
          creation.run();
        } catch (RuntimeException e) {
          if (failures.getAndIncrement() == 0) {
            System.out.println("floor: first failed create: " + e.getMessage());
          }
        }
      };
      // Ready means the workload is available, which takes the cluster's rollout (controller
      // manager, scheduler, kubelet) after the writes: the floor's copies are watched for the same.
      int deployments = counts.getOrDefault("deployments", 0);
      java.util.Set<String> rolledOut = ConcurrentHashMap.newKeySet();
      var rollouts = admin.apps().deployments().inAnyNamespace().withLabel("orgspace-bench-floor", prefix)
          .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.apps.Deployment d) {
              onUpdate(null, d);
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.apps.Deployment old, io.fabric8.kubernetes.api.model.apps.Deployment d) {
              int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
              Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
              if ((available == null ? 0 : available) >= wanted) {
                rolledOut.add(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName());
              }
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.apps.Deployment d, boolean unknown) {}
          });
      long start = System.nanoTime();
      parallel(namespaces, create);
      parallel(objects, create);
      double floorSeconds = seconds(start);
      try {
        Poll.until(LONG, "the floor's Deployments available", () -> rolledOut.size() >= deployments);
      } finally {
        rollouts.close();
      }
      double floorRolledOutSeconds = seconds(start);
      result.put("floorRolledOutSeconds", floorRolledOutSeconds);
      result.put("ratioRolledOut", operatorSeconds / floorRolledOutSeconds);
      System.out.printf("floor with the cluster's rollout of its %d Deployments: %.1f s; operator/floor = %.2f%n",
          deployments, floorRolledOutSeconds, operatorSeconds / floorRolledOutSeconds);
      result.put("floorFailedCreates", failures.get());
      result.put("operatorObjects", counts);
      result.put("floorObjects", namespaces.size() + objects.size());
      result.put("floorSeconds", floorSeconds);
      result.put("ratio", operatorSeconds / floorSeconds);
      System.out.printf("floor: %d objects in %.1f s; operator/floor = %.2f%n", namespaces.size() + objects.size(),
          floorSeconds, operatorSeconds / floorSeconds);
      // Clean-up of the floor's copies: namespaces take their content; cluster-scoped ones go by label.
      parallel(namespaceCopies, object -> admin.namespaces().withName(object.getMetadata().getName()).delete());
      admin.namespaces().withLabel("orgspace-bench-floor", prefix).delete();
      admin.rbac().clusterRoles().withLabel("orgspace-bench-floor", prefix).delete();
      admin.rbac().clusterRoleBindings().withLabel("orgspace-bench-floor", prefix).delete();
      // The phases after this one measure the operator on a cluster at rest, not one still
      // deleting the floor's thousands of objects.
      long deleting = System.nanoTime();
      Poll.until(LONG, "the floor's namespaces gone",
          () -> admin.namespaces().withLabel("orgspace-bench-floor", prefix).list().getItems().isEmpty());
      System.out.printf("floor: its copies deleted in %.1f s%n", seconds(deleting));
    }

    private GenericKubernetesResource floorCopy(GenericKubernetesResource item, ResourceDefinitionContext context) {
      // Items of a list carry no kind: the kind is the list's.
      boolean namespaced = context.isNamespaceScoped();
      String plural = context.getPlural();
      GenericKubernetesResource copy = new GenericKubernetesResource();
      copy.setApiVersion(item.getApiVersion());
      copy.setKind(item.getKind());
      copy.setAdditionalProperties(new LinkedHashMap<>(item.getAdditionalProperties()));
      copy.getAdditionalProperties().remove("status");
      if ("services".equals(plural) && copy.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fresh = new LinkedHashMap<>((Map<String, Object>) spec);
        fresh.remove("clusterIP"); // allocated anew: a copy cannot have the original's address
        fresh.remove("clusterIPs");
        copy.getAdditionalProperties().put("spec", fresh);
      }
      ObjectMeta meta = new ObjectMeta();
      // Fresh names, and none of Orgspace's labels: the operator must neither see nor adopt them.
      if (namespaced) {
        meta.setName(item.getMetadata().getName());
        meta.setNamespace(floorName(item.getMetadata().getNamespace(), 63));
      } else {
        meta.setName(floorName(item.getMetadata().getName(), "namespaces".equals(plural) ? 63 : 253));
      }
      meta.setLabels(Map.of("orgspace-bench-floor", prefix));
      meta.setAnnotations(item.getMetadata().getAnnotations());
      copy.setMetadata(meta);
      return copy;
    }

    private static String floorName(String name, int max) {
      return Names.fit("f-" + name, max);
    }

    void memory(OperatorProcess operator, String key) throws Exception {
      // RSS as the process runs, then a full collection (jcmd, from the JDK running the bench): heap
      // used is then the live set, and RSS what is left once the collector has given back what it can.
      double rssRunningMiB = rssKib(operator) / 1024.0;
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      if (Files.isExecutable(jcmd)) {
        new ProcessBuilder(jcmd.toString(), Long.toString(operator.pid()), "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
      }
      long rssKib = rssKib(operator);
      Map<String, Double> metrics = metrics(operator);
      double heap = metrics.entrySet().stream().filter(m -> m.getKey().startsWith("jvm_memory_used_bytes{")
          && m.getKey().contains("area=\"heap\"")).mapToDouble(Map.Entry::getValue).sum();
      Map<String, Object> memory = new LinkedHashMap<>(Map.of("rssMiB", rssKib / 1024.0, "heapUsedMiB", heap / 1024 / 1024,
          "rssBeforeGcMiB", rssRunningMiB));
      Map<String, Long> nativeMemory = nativeMemory(jcmd, operator.pid());
      if (!nativeMemory.isEmpty()) {
        memory.put("committedKiBByArea", nativeMemory);
      }
      result.put(key, memory);
      System.out.printf("%s: RSS %.0f MiB (%.0f before the collection), heap used %.0f MiB; committed KiB by area %s%n",
          key, rssKib / 1024.0, rssRunningMiB, heap / 1024 / 1024, nativeMemory);
    }

    static long rssKib(OperatorProcess operator) throws java.io.IOException {
      return Files.readAllLines(Path.of("/proc/" + operator.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }

    /**
     * Where the RSS goes beyond the heap (metaspace, threads, code, GC, malloc), from the JVM's
     * native memory tracking when the bench JVM options turn it on
     * ({@code -XX:NativeMemoryTracking=summary}); empty otherwise.
     */
    static Map<String, Long> nativeMemory(Path jcmd, long pid) throws Exception {
      Map<String, Long> areas = new LinkedHashMap<>();
      if (!JVM_OPTIONS.contains("NativeMemoryTracking") || !Files.isExecutable(jcmd)) {
        return areas;
      }
      Process summary = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
          .redirectErrorStream(true).start();
      String text = new String(summary.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      summary.waitFor(30, TimeUnit.SECONDS);
      Matcher area = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
      while (area.find()) {
        areas.put(area.group(1).trim(), Long.parseLong(area.group(2)));
      }
      Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
      if (total.find()) {
        areas.put("Total", Long.parseLong(total.group(1)));
      }
      return areas;
    }

    void cleanUp() {
      // The operator is stopped by now: deleting the organizations needs one to run their finalizers.
      OperatorProcess operator = OperatorProcess.start("scale-bench-cleanup-" + shape.environments(), Map.of());
      for (int o = 0; o < shape.organizations(); o++) {
        admin.resources(Organization.class).withName(organization(o)).delete();
      }
      admin.namespaces().withLabel("orgspace-bench-floor", prefix).delete();
      try {
        Poll.until(LONG, "bench namespaces gone", () -> admin.namespaces().list().getItems().stream()
            .noneMatch(ns -> ns.getMetadata().getName().contains(prefix)));
      } finally {
        try {
          operator.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static ResourceDefinitionContext context(String kind) {
    String[] parts = kind.split("/");
    String group = parts.length == 3 ? parts[0] : "";
    String version = parts[parts.length - 2];
    String plural = parts[parts.length - 1];
    boolean namespaced = !List.of("namespaces", "clusterroles", "clusterrolebindings").contains(plural);
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withNamespaced(namespaced).build();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * Polls a count of writes every 2 s until it has not moved for {@code quietFor} (or {@code max}
   * passed); returns the seconds from the call to its last move.
   */
  static double quiet(DoubleSupplier writes, Duration quietFor, Duration max) {
    long start = System.nanoTime();
    double last = writes.getAsDouble();
    long lastMove = start;
    while (System.nanoTime() - lastMove < quietFor.toNanos() && System.nanoTime() - start < max.toNanos()) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      double now = writes.getAsDouble();
      if (now != last) {
        last = now;
        lastMove = System.nanoTime();
      }
    }
    return (lastMove - start) / 1e9;
  }

  /** The operator's primaries in the cluster: each is reconciled once when it starts. */
  static long primaries(KubernetesClient admin) {
    return admin.resources(Organization.class).list().getItems().size()
        + admin.resources(Membership.class).inAnyNamespace().list().getItems().size()
        + admin.resources(Project.class).inAnyNamespace().list().getItems().size()
        + admin.resources(Environment.class).inAnyNamespace().list().getItems().size()
        + admin.resources(io.orgspace.api.ApiKey.class).inAnyNamespace().list().getItems().size();
  }

  /** Every primary reconciled once since the operator started, with JOSDK's queues empty. */
  static void awaitResyncDone(OperatorProcess operator, long primaries) {
    Poll.until(LONG, "every primary reconciled after the restart", () -> {
      Map<String, Double> metrics = metrics(operator);
      double reconciled = metrics.entrySet().stream()
          .filter(m -> m.getKey().startsWith("orgspace_reconcile_seconds_count{")).mapToDouble(Map.Entry::getValue).sum();
      double queued = metrics.entrySet().stream()
          .filter(m -> m.getKey().startsWith("operator_sdk_reconciliations_queue_size")
              || m.getKey().startsWith("operator_sdk_reconciliations_executions"))
          .mapToDouble(Map.Entry::getValue).sum();
      return reconciled >= primaries && queued == 0;
    });
  }

  /** The operator's requests to the API server by method, from its /metrics. */
  static Map<String, Double> requests(OperatorProcess operator) {
    Map<String, Double> byMethod = new LinkedHashMap<>();
    metrics(operator).forEach((name, value) -> {
      Matcher method = Pattern.compile("^orgspace_kubernetes_requests_total\\{.*method=\"([A-Z]+)\"").matcher(name);
      if (method.find()) {
        byMethod.merge(method.group(1), value, Double::sum);
      }
    });
    return byMethod;
  }

  static double mutating(Map<String, Double> requests) {
    return requests.entrySet().stream().filter(e -> !e.getKey().equals("GET")).mapToDouble(Map.Entry::getValue).sum();
  }

  static Map<String, Double> metrics(OperatorProcess operator) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : operator.body("/metrics").split("\n")) {
      Matcher sample = SAMPLE.matcher(line.trim());
      if (!line.startsWith("#") && sample.matches() && !sample.group(3).equals("NaN")) {
        samples.merge(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
            Double.parseDouble(sample.group(3)), Double::sum);
      }
    }
    return samples;
  }

  static <T> void parallel(List<T> items, Consumer<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> action.accept(item)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  @SuppressWarnings("unchecked")
  static void printTable(List<Map<String, Object>> results) {
    System.out.println();
    System.out.printf("%-44s", "figure");
    results.forEach(r -> System.out.printf("%18s", r.get("environments") + " envs"));
    System.out.println();
    row(results, "declared objects created (s)", r -> r.get("declareSeconds"));
    row(results, "operator start -> all Ready (s)", r -> r.get("convergenceSeconds"));
    row(results, "write floor, same objects (s)", r -> r.get("floorSeconds"));
    row(results, "objects in the floor", r -> r.get("floorObjects"));
    row(results, "ratio operator / floor", r -> r.get("ratio"));
    row(results, "floor + the cluster's rollout (s)", r -> r.get("floorRolledOutSeconds"));
    row(results, "ratio operator / (floor + rollout)", r -> r.get("ratioRolledOut"));
    row(results, "mutating requests to converge", r -> mutating((Map<String, Double>) r.get("convergenceRequests")));
    row(results, "mutating requests, forced full resync", r -> r.get("resyncMutatingRequests"));
    row(results, "mutating requests, idle", r -> r.get("idleMutatingRequests"));
    row(results, "RSS after convergence (MiB)", r -> ((Map<String, Object>) r.get("memoryAfterConvergence")).get("rssMiB"));
    row(results, "heap used after convergence (MiB)", r -> ((Map<String, Object>) r.get("memoryAfterConvergence")).get("heapUsedMiB"));
    row(results, "create -> Ready p50 (ms)", r -> ((Map<String, Object>) r.get("createToReadyMs")).get("p50"));
    row(results, "create -> Ready p99 (ms)", r -> ((Map<String, Object>) r.get("createToReadyMs")).get("p99"));
    row(results, "  create -> Deployment seen p50/p99 (ms)", r -> pair((Map<String, Object>) r.get("createToDeploymentMs")));
    row(results, "  Deployment seen -> available p50/p99", r -> pair((Map<String, Object>) r.get("deploymentToAvailableMs")));
    row(results, "  available -> Ready p50/p99 (ms)", r -> pair((Map<String, Object>) r.get("availableToReadyMs")));
    row(results, "webhook -> Environment p50 (ms)", r -> ((Map<String, Object>) r.get("webhookToEnvironmentMs")).get("p50"));
    row(results, "webhook -> Environment p99 (ms)", r -> ((Map<String, Object>) r.get("webhookToEnvironmentMs")).get("p99"));
    row(results, "restart: start -> ready (s)", r -> ((Map<String, Object>) r.get("restart")).get("startToReadySeconds"));
    row(results, "restart: start -> full resync done (s)", r -> ((Map<String, Object>) r.get("restart")).get("startToResyncDoneSeconds"));
    row(results, "restart: mutating requests", r -> ((Map<String, Object>) r.get("restart")).get("mutatingRequests"));
  }

  private static String pair(Map<String, Object> figures) {
    return figures == null || !figures.containsKey("p50") ? "-" : figures.get("p50") + " / " + figures.get("p99");
  }

  private static void row(List<Map<String, Object>> results, String label,
      java.util.function.Function<Map<String, Object>, Object> value) {
    System.out.printf("%-44s", label);
    for (Map<String, Object> r : results) {
      Object v;
      try {
        v = value.apply(r);
      } catch (RuntimeException e) {
        v = null;
      }
      System.out.printf("%18s", v instanceof Double d ? String.format("%.2f", d) : String.valueOf(v));
    }
    System.out.println();
  }
}
