package io.orgspace.resilience;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.environment.EnvironmentObjects;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Organizations, each with a project, members and pull-request environments, made in bulk for the
 * fault tests; and the audit of every object Orgspace labelled for them: each must be accounted
 * for by an Organization or Environment that exists, and each existing one must have all its
 * objects, once.
 */
final class Fleet implements AutoCloseable {
  static final String PROJECT = "shop";
  /** Where the operator process (started with this process's environment) keeps the SSH CA Secrets. */
  private static final String OPERATOR_NAMESPACE =
      io.orgspace.runtime.OperatorSettings.fromEnvironment(System.getenv()).operatorNamespace();
  static final String WEBHOOK_SECRET_NAME = "hook";

  final KubernetesClient admin;
  final String suffix;
  final List<String> organizations;
  final String webhookSecret = "whsec-" + java.util.UUID.randomUUID();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  Fleet(KubernetesClient admin, String prefix, String suffix, int organizations) {
    this.admin = admin;
    this.suffix = suffix;
    this.organizations = new ArrayList<>();
    for (int i = 0; i < organizations; i++) {
      this.organizations.add(prefix + i + "-" + suffix);
    }
  }

  static String home(String organization) {
    return Organization.homeNamespace(organization);
  }

  /** Organizations (owner, domain, an SSO mapping), their project (basic auth, files, webhook secret) and two members. */
  Fleet createOrganizations() {
    List<TestOrganization> created = organizations.stream().map(org -> TestOrganization.named(org).owner().domain()
        .ssoGroupPrefix("oidc:").ssoGroup("eng-" + org, Role.Developer).create(admin)).toList();
    for (TestOrganization org : created) {
      org.awaitHome(Duration.ofSeconds(120));
      admin.resource(new SecretBuilder().withNewMetadata().withName(WEBHOOK_SECRET_NAME).withNamespace(org.home())
          .endMetadata().addToStringData("secret", webhookSecret).build()).create();
      TestProject.named(PROJECT).in(org.home())
          .repository(GitProvider.github, "https://github.com/" + org.name() + "/shop")
          .webhookSecret(WEBHOOK_SECRET_NAME, "secret")
          .previewDomain("shop." + org.name() + ".example").previewImage("registry.example/shop:{{sha}}").previewBasicAuth()
          .variable("LOG_LEVEL", "info").file("app.yaml", "feature: on").create(admin);
      for (String[] member : new String[][] {{"dev", "Developer"}, {"support", "Support"}}) {
        admin.resource(membership(org.name(), member[0], member[1])).create();
      }
    }
    return this;
  }

  Membership membership(String org, String name, String role) {
    return TestMembership.of(home(org), name, name + "@" + org + ".example", Role.valueOf(role));
  }

  static String environmentName(int pr) {
    return PROJECT + "-pr-" + pr;
  }

  static Environment environment(String org, int pr, String sha) {
    return ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: %s, pullRequest: {number: %d, headSha: %s, branch: feature/%d}}
        """.formatted(environmentName(pr), home(org), PROJECT, pr, sha, pr));
  }

  /** Creates pull requests {@code from..to} in every organization, in parallel, as a burst of webhooks would. */
  void createEnvironments(int from, int to) {
    List<Future<?>> futures = new ArrayList<>();
    for (String org : organizations) {
      for (int pr = from; pr <= to; pr++) {
        int number = pr;
        futures.add(pool.submit(() -> admin.resource(environment(org, number, "abc" + String.format("%04d", number))).create()));
      }
    }
    for (Future<?> future : futures) {
      try {
        future.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void deleteEnvironments(int from, int to) {
    for (String org : organizations) {
      for (int pr = from; pr <= to; pr++) {
        admin.resources(Environment.class).inNamespace(home(org)).withName(environmentName(pr)).delete();
      }
    }
  }

  List<Environment> environments() {
    List<Environment> all = new ArrayList<>();
    for (String org : organizations) {
      all.addAll(admin.resources(Environment.class).inNamespace(home(org)).list().getItems());
    }
    return all;
  }

  static boolean ready(Environment env) {
    Condition ready = env.getStatus() == null ? null : Conditions.find(env.getStatus().conditions, Condition.READY);
    return ready != null && Condition.TRUE.equals(ready.status) && "Deployed".equals(ready.reason)
        && env.getMetadata().getGeneration().equals(ready.observedGeneration);
  }

  /** What is not converged yet; empty when every environment and organization is Ready and nothing is left to delete. */
  List<String> pending(int expectedEnvironments) {
    List<String> pending = new ArrayList<>();
    List<Environment> environments = environments();
    if (environments.size() != expectedEnvironments) {
      pending.add(environments.size() + " environments instead of " + expectedEnvironments);
    }
    environments.stream().filter(env -> !ready(env)).limit(5).forEach(env -> pending.add(env.getMetadata().getNamespace()
        + "/" + env.getMetadata().getName() + " not Ready: " + (env.getStatus() == null ? "no status"
        : String.valueOf(Conditions.find(env.getStatus().conditions, Condition.READY) == null ? "no condition"
        : Conditions.find(env.getStatus().conditions, Condition.READY).reason))));
    Map<String, Long> perOrganization = environments.stream()
        .collect(Collectors.groupingBy(env -> Organization.fromHomeNamespace(env.getMetadata().getNamespace()),
            Collectors.counting()));
    for (String org : organizations) {
      Organization o = admin.resources(Organization.class).withName(org).get();
      long expected = 1 + perOrganization.getOrDefault(org, 0L);
      if (o == null || o.getStatus() == null || !Conditions.isTrue(o.getStatus().conditions, Condition.READY)
          || !o.getMetadata().getGeneration().equals(o.getStatus().observedGeneration)
          || o.getStatus().namespaceCount == null || o.getStatus().namespaceCount != expected) {
        pending.add("organization " + org + " not converged (namespaces "
            + (o == null || o.getStatus() == null ? null : o.getStatus().namespaceCount) + " of " + expected + ")");
      }
    }
    long namespaces = admin.namespaces().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems().stream()
        .filter(ns -> organizations.contains(ns.getMetadata().getLabels().get(Labels.ORGANIZATION))).count();
    if (namespaces != organizations.size() + environments.size()) {
      pending.add(namespaces + " namespaces instead of " + (organizations.size() + environments.size()));
    }
    return pending;
  }

  /** Waits until {@link #pending} is empty; returns how long that took. */
  Duration awaitConverged(int expectedEnvironments, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<String> pending = List.of();
    while (System.nanoTime() < deadline) {
      try {
        pending = pending(expectedEnvironments);
        if (pending.isEmpty()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      } catch (RuntimeException e) {
        pending = List.of("API error: " + e.getMessage());
      }
      sleep(500);
    }
    throw new AssertionError("not converged within " + timeout + ": " + pending);
  }

  // ---- the audit ------------------------------------------------------------------------------

  /**
   * The audit, repeated until it is clean or {@code timeout} passes (the last organization
   * reconcile may still be writing the bindings of the newest namespaces); returns its findings.
   */
  List<String> auditSettled(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> problems = audit();
    while (!problems.isEmpty() && System.nanoTime() < deadline) {
      sleep(1000);
      problems = audit();
    }
    return problems;
  }

  private static final Set<String> ENVIRONMENT_OBJECTS = Set.of(
      "Deployment/" + EnvironmentObjects.APP, "Service/" + EnvironmentObjects.APP, "Ingress/" + EnvironmentObjects.APP,
      "ConfigMap/" + EnvironmentObjects.FILES, "NetworkPolicy/" + EnvironmentObjects.ISOLATION,
      "ResourceQuota/" + EnvironmentObjects.QUOTA, "LimitRange/" + EnvironmentObjects.LIMITS,
      "Secret/" + EnvironmentObjects.HTPASSWD,
      // The organization's SSH trust bundle, in each of its environment namespaces.
      "ConfigMap/" + io.orgspace.ssh.TrustBundle.NAME);

  /**
   * Every object labelled {@code app.kubernetes.io/managed-by=orgspace} for the fleet's
   * organizations that no existing Organization or Environment accounts for, and every object an
   * existing Environment lacks or has twice. Empty when the cluster is exactly what it should be.
   */
  List<String> audit() {
    List<String> problems = new ArrayList<>();
    Map<String, Environment> byNamespace = new HashMap<>();
    Map<String, Integer> namespacesPerEnvironment = new HashMap<>();
    List<Environment> environments = environments();
    for (Environment env : environments) {
      if (env.getStatus() == null || env.getStatus().namespace == null) {
        problems.add("environment " + key(env) + " reports no namespace");
        continue;
      }
      byNamespace.put(env.getStatus().namespace, env);
    }
    Set<String> homes = organizations.stream().map(Fleet::home).collect(Collectors.toSet());

    for (Namespace ns : admin.namespaces().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems()) {
      String org = ns.getMetadata().getLabels().get(Labels.ORGANIZATION);
      if (!organizations.contains(org)) {
        continue;
      }
      String name = ns.getMetadata().getName();
      if (homes.contains(name)) {
        continue;
      }
      Environment env = byNamespace.get(name);
      if (env == null) {
        problems.add("orphaned namespace " + name + " (environment label "
            + ns.getMetadata().getLabels().get(Labels.ENVIRONMENT) + ")");
      } else if (!EnvironmentObjects.environmentLabel(env).equals(ns.getMetadata().getLabels().get(Labels.ENVIRONMENT))
          || !org.equals(Organization.fromHomeNamespace(env.getMetadata().getNamespace()))) {
        problems.add("namespace " + name + " is labelled for another environment than " + key(env));
      } else {
        namespacesPerEnvironment.merge(key(env), 1, Integer::sum);
      }
      if (ns.getMetadata().getDeletionTimestamp() != null) {
        problems.add("namespace " + name + " is being deleted");
      }
    }
    for (Environment env : environments) {
      int count = namespacesPerEnvironment.getOrDefault(key(env), 0);
      if (count != 1) {
        problems.add("environment " + key(env) + " has " + count + " namespaces");
      }
    }

    Map<String, Set<String>> objectsPerNamespace = new HashMap<>();
    for (HasMetadata object : namespacedManagedObjects()) {
      String namespace = object.getMetadata().getNamespace();
      String org = object.getMetadata().getLabels().get(Labels.ORGANIZATION);
      boolean ours = organizations.contains(org) || homes.contains(namespace) || byNamespace.containsKey(namespace);
      if (!ours) {
        continue;
      }
      String kind = HasMetadata.getKind(object.getClass());
      String id = kind + "/" + object.getMetadata().getName();
      if (homes.contains(namespace)) {
        if (!accountedInHome(object, environments)) {
          problems.add("unaccounted " + id + " in " + namespace);
        }
      } else if (byNamespace.containsKey(namespace)) {
        boolean roleBinding = kind.equals("RoleBinding")
            && object.getMetadata().getName().startsWith("orgspace-");
        if (!ENVIRONMENT_OBJECTS.contains(id) && !roleBinding) {
          problems.add("unexpected " + id + " in " + namespace);
        }
        if (!objectsPerNamespace.computeIfAbsent(namespace, n -> new TreeSet<>()).add(id)) {
          problems.add("duplicate " + id + " in " + namespace);
        }
      } else if (!(kind.equals("Secret") && namespace.equals(OPERATOR_NAMESPACE)
          && organizations.contains(org) && object.getMetadata().getName().equals(io.orgspace.ssh.AuthoritySecrets.name(org)))) {
        problems.add("orphaned " + id + " in " + namespace); // (the organization's SSH CA Secret is the operator's)
      }
    }
    for (Map.Entry<String, Environment> entry : byNamespace.entrySet()) {
      Set<String> present = objectsPerNamespace.getOrDefault(entry.getKey(), Set.of());
      for (String expected : ENVIRONMENT_OBJECTS) {
        if (!present.contains(expected)) {
          problems.add(key(entry.getValue()) + " lacks " + expected);
        }
      }
      if (present.stream().noneMatch(id -> id.startsWith("RoleBinding/orgspace-owner"))) {
        problems.add(key(entry.getValue()) + " lacks the owners' RoleBinding");
      }
    }
    for (String kind : List.of("ClusterRole", "ClusterRoleBinding")) {
      var items = kind.equals("ClusterRole")
          ? admin.rbac().clusterRoles().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems()
          : admin.rbac().clusterRoleBindings().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems();
      for (HasMetadata object : items) {
        String org = object.getMetadata().getLabels().get(Labels.ORGANIZATION);
        if (organizations.contains(org) && !Set.of(OrganizationAccess.ownerClusterRoleName(org),
            OrganizationAccess.memberClusterRoleName(org)).contains(object.getMetadata().getName())) {
          problems.add("unexpected " + kind + " " + object.getMetadata().getName());
        }
      }
    }
    return problems;
  }

  private boolean accountedInHome(HasMetadata object, List<Environment> environments) {
    String name = object.getMetadata().getName();
    return switch (HasMetadata.getKind(object.getClass())) {
      case "RoleBinding", "Role" -> name.startsWith("orgspace-");
      case "Secret" -> name.startsWith("orgspace-ssh-") // members' SSH certificates
          || environments.stream().anyMatch(env -> env.getMetadata().getNamespace().equals(object.getMetadata()
          .getNamespace()) && Environment.credentialsSecretName(env.getMetadata().getName()).equals(name));
      default -> false;
    };
  }

  private List<HasMetadata> namespacedManagedObjects() {
    String selector = Labels.MANAGED_SELECTOR;
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(admin.rbac().roleBindings().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.rbac().roles().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.network().v1().networkPolicies().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.resourceQuotas().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.limitRanges().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.configMaps().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.apps().deployments().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.services().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.network().v1().ingresses().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.secrets().inAnyNamespace().withLabelSelector(selector).list().getItems());
    all.addAll(admin.serviceAccounts().inAnyNamespace().withLabelSelector(selector).list().getItems());
    return all;
  }

  private static String key(Environment env) {
    return env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    TestOrganization.deleteAndAwait(admin, suffix, Duration.ofMinutes(5), organizations.toArray(String[]::new));
  }
}
