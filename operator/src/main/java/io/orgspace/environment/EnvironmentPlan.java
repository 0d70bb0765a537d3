package io.orgspace.environment;

import io.orgspace.api.Domains;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.api.PullRequest;
import io.orgspace.api.Routing;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.runtime.PreviewSettings;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything an Environment resolves to — namespace, host, image, variables, expiry — and what
 * stands in its way, computed from the Environment, its Organization and Project and the other
 * organizations and environments of the cluster. A pure function: no I/O.
 */
public record EnvironmentPlan(
    Environment environment,
    String organization,
    Project project,
    String namespace,
    String host,
    String image,
    int port,
    int replicas,
    Map<String, String> variables,
    Map<String, String> files,
    boolean basicAuth,
    Instant expiresAt,
    Routing routing,
    Problem problem,
    Lifecycle lifecycle) {

  public static final int DEFAULT_PORT = 8080;

  /** Why the environment is not (fully) served; {@code blocksWorkload} also keeps its pods away. */
  public record Problem(String reason, String message, boolean blocksWorkload) {}

  public boolean deployable() {
    return problem == null || !problem.blocksWorkload();
  }

  /** False while another environment's claim on the namespace keeps this one out of it. */
  public boolean ownsNamespace() {
    return problem == null || !(NAMESPACE_CONFLICTS.contains(problem.reason())
        || PlatformLimits.REASON.equals(problem.reason()));
  }

  static final java.util.Set<String> NAMESPACE_CONFLICTS = java.util.Set.of("DuplicatePullRequest", "NamespaceConflict");

  /** Reasons that go away when another object does (re-checked every minute, not only on own events). */
  static final java.util.Set<String> CONFLICTS =
      java.util.Set.of("DuplicatePullRequest", "NamespaceConflict", "HostConflict", "DomainConflict", "DomainPending",
          "HostTaken", "LimitExceeded");

  public boolean routable() {
    return problem == null && host != null;
  }

  public boolean byIngress() {
    return routable() && routing == Routing.Ingress;
  }

  public boolean byHttpRoute() {
    return routable() && routing == Routing.HTTPRoute;
  }

  public String url() {
    return host == null ? null : "https://" + host;
  }

  /**
   * The environment's namespace ({@link TenantNamespaces#environment}): of its pull request
   * ({@code pr-<n>}) or of its name.
   */
  public static String namespaceName(String organization, String project, Environment environment) {
    PullRequest pr = environment.getSpec().pullRequest;
    return TenantNamespaces.environment(organization, project,
        pr != null ? "pr-" + pr.number : environment.getMetadata().getName());
  }

  public static EnvironmentPlan of(Environment environment, Organization organization, Project project,
      Collection<Organization> allOrganizations, Collection<Environment> allEnvironments) {
    return of(environment, organization, project, allOrganizations, allEnvironments, RoutingSupport.NONE,
        PreviewSettings.fromEnvironment(java.util.Map.of()), ForeignRoutes.NONE);
  }

  /** A plan at the time of the environment's creation (tests of what does not depend on the clock). */
  public static EnvironmentPlan of(Environment environment, Organization organization, Project project,
      Collection<Organization> allOrganizations, Collection<Environment> allEnvironments, RoutingSupport support,
      PreviewSettings settings, ForeignRoutes foreign) {
    String created = environment.getMetadata().getCreationTimestamp();
    return of(environment, organization, project, allOrganizations, allEnvironments, support, settings, foreign,
        created == null ? Instant.EPOCH : OffsetDateTime.parse(created).toInstant());
  }

  public static EnvironmentPlan of(Environment environment, Organization organization, Project project,
      Collection<Organization> allOrganizations, Collection<Environment> allEnvironments, RoutingSupport support,
      PreviewSettings settings, ForeignRoutes foreign, Instant now) {
    return of(environment, organization, project, allOrganizations, EnvironmentIndex.of(allEnvironments), support,
        settings, foreign, now);
  }

  public static EnvironmentPlan of(Environment environment, Organization organization, Project project,
      Collection<Organization> allOrganizations, EnvironmentIndex allEnvironments, RoutingSupport support,
      PreviewSettings settings, ForeignRoutes foreign, Instant now) {
    EnvironmentSpec spec = environment.getSpec();
    String orgName = Organization.fromHomeNamespace(environment.getMetadata().getNamespace());
    if (orgName == null || organization == null) {
      return blocked(environment, orgName, project,
          orgName == null ? null : namespaceName(orgName, spec.project, environment), "OrganizationNotFound",
          "an Environment must live in the home namespace org-<name> of an existing Organization");
    }
    if (project == null) {
      return blocked(environment, orgName, null, namespaceName(orgName, spec.project, environment), "ProjectNotFound",
          "project " + spec.project + " does not exist in namespace " + environment.getMetadata().getNamespace());
    }
    PreviewPolicy previews = project.getSpec().previews == null ? new PreviewPolicy() : project.getSpec().previews;
    String namespace = namespaceName(orgName, project.getMetadata().getName(), environment);
    String image = image(spec, previews);
    int port = spec.port != null ? spec.port : previews.port != null ? previews.port : DEFAULT_PORT;
    int replicas = spec.replicas != null ? spec.replicas : previews.replicas != null ? previews.replicas : 1;
    Map<String, String> variables = new TreeMap<>();
    if (project.getSpec().variables != null) {
      variables.putAll(project.getSpec().variables);
    }
    if (spec.variables != null) {
      variables.putAll(spec.variables); // the environment wins
    }
    Map<String, String> files = project.getSpec().files == null ? Map.of() : new TreeMap<>(project.getSpec().files);
    boolean basicAuth = spec.basicAuth != null && spec.basicAuth.enabled != null
        ? spec.basicAuth.enabled : Boolean.TRUE.equals(previews.basicAuth);
    String host = host(environment, previews);
    Routing routing = previews.routing == null ? Routing.Ingress : previews.routing;
    Lifecycle lifecycle;
    try {
      lifecycle = Lifecycle.of(environment, previews, now);
    } catch (RuntimeException e) { // the schema refuses these; an object stored before it said so
      return new EnvironmentPlan(environment, orgName, project, namespace, null, null, 0, 0, Map.of(), Map.of(),
          false, null, Routing.Ingress, new Problem("InvalidSpec", "spec.expiresAt (or the project's previews.ttl or"
          + " hibernateAfter) is not a valid time; no workload is made", true), Lifecycle.NONE);
    }
    Instant expiresAt = lifecycle.expiresAt();
    if (lifecycle.hibernated()) {
      replicas = 0;
    }

    Problem problem = namespaceProblem(environment, orgName, project.getMetadata().getName(), namespace, allEnvironments);
    if (problem == null) {
      problem = environmentLimitProblem(environment, namespace, allEnvironments,
          PlatformLimits.of(organization, settings).maxEnvironments());
    }
    if (problem != null) {
      return new EnvironmentPlan(environment, orgName, project, namespace, null, null, 0, 0, Map.of(), Map.of(),
          false, expiresAt, Routing.Ingress, problem, lifecycle);
    }
    if (image == null) {
      problem = new Problem("ImageUnknown", "set spec.image, or the project's previews.image template"
          + " with a pull request head SHA for {{sha}}", true);
    } else if (host != null) {
      problem = hostProblem(environment, organization, host, allOrganizations, allEnvironments, foreign);
      if (problem == null) {
        problem = routingProblem(routing, basicAuth, support, settings);
      }
    }
    return new EnvironmentPlan(environment, orgName, project, namespace, host, image, port, replicas,
        variables, files, basicAuth, expiresAt, routing, problem, lifecycle);
  }

  private static EnvironmentPlan blocked(Environment environment, String organization, Project project,
      String namespace, String reason, String message) {
    return new EnvironmentPlan(environment, organization, project, namespace, null, null, 0, 0, Map.of(), Map.of(),
        false, null, Routing.Ingress, new Problem(reason, message, true), Lifecycle.NONE);
  }

  static String image(EnvironmentSpec spec, PreviewPolicy previews) {
    if (spec.image != null) {
      return spec.image;
    }
    String template = previews.image;
    if (template == null) {
      return null;
    }
    PullRequest pr = spec.pullRequest;
    if (template.contains("{{sha}}") && (pr == null || pr.headSha == null)) {
      return null;
    }
    String image = template;
    if (pr != null) {
      image = image.replace("{{sha}}", pr.headSha == null ? "" : pr.headSha)
          .replace("{{pr}}", String.valueOf(pr.number))
          .replace("{{branch}}", pr.branch == null ? "" : Names.dnsSafe(pr.branch, 63));
    }
    return image.contains("{{") ? null : image;
  }

  static String host(Environment environment, PreviewPolicy previews) {
    if (environment.getSpec().host != null) {
      return environment.getSpec().host;
    }
    if (previews.domain == null) {
      return null;
    }
    PullRequest pr = environment.getSpec().pullRequest;
    String label = pr != null ? "pr-" + pr.number : Names.fit(environment.getMetadata().getName(), 63);
    return label + "." + previews.domain;
  }

  /** A host is never exposed without the protection asked for: no route rather than an open one. */
  static Problem routingProblem(Routing routing, boolean basicAuth, RoutingSupport support, PreviewSettings settings) {
    if (routing == Routing.HTTPRoute) {
      if (!support.httpRoutes()) {
        return new Problem("GatewayAPIUnavailable", "the project routes with HTTPRoute but the cluster serves no"
            + " Gateway API (" + RoutingSupport.HTTPROUTES + "); no ingress or route is written", false);
      }
      if (settings.gatewayName() == null) {
        return new Problem("GatewayNotConfigured", "the operator has no parent Gateway (ORGSPACE_GATEWAY=<namespace>/<name>);"
            + " no route is written", false);
      }
      if (basicAuth && settings.traefikGateway() && !support.traefikMiddlewares()) {
        return new Problem("BasicAuthUnsupported", "basic auth on an HTTPRoute through Traefik needs its Middleware CRD ("
            + RoutingSupport.MIDDLEWARES + "); no ingress or route is written", false);
      }
      if (basicAuth && !settings.traefikGateway() && !support.envoySecurityPolicies()) {
        return new Problem("BasicAuthUnsupported", "basic auth on an HTTPRoute needs Envoy Gateway's SecurityPolicy ("
            + RoutingSupport.SECURITY_POLICIES + "); no ingress or route is written", false);
      }
    } else if (basicAuth && settings.traefik() && !support.traefikMiddlewares()) {
      return new Problem("BasicAuthUnsupported", "basic auth with Traefik needs its Middleware CRD ("
          + RoutingSupport.MIDDLEWARES + "); no ingress is written", false);
    }
    return null;
  }

  /** The older of two objects: creation time, then name, then namespace. */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Comparator<T> age() {
    return Comparator.comparing((T o) -> String.valueOf(o.getMetadata().getCreationTimestamp()))
        .thenComparing(o -> o.getMetadata().getName())
        .thenComparing(o -> String.valueOf(o.getMetadata().getNamespace()));
  }

  /**
   * Whether an older Environment — of this organization or another: {@code <org>-<project>-<name>}
   * is ambiguous across organizations ("a" + "b-c" and "a-b" + "c") — already resolves to the same
   * namespace. The younger one gets no namespace and no workload (it never writes, and never
   * deletes, what the older one made) and reports why.
   */
  static Problem namespaceProblem(Environment environment, String organization, String project, String namespace,
      EnvironmentIndex allEnvironments) {
    Comparator<Environment> envAge = age();
    Optional<Environment> holder = allEnvironments.resolvingTo(namespace).stream()
        .filter(other -> !(other.getMetadata().getName().equals(environment.getMetadata().getName())
            && other.getMetadata().getNamespace().equals(environment.getMetadata().getNamespace())))
        .filter(other -> envAge.compare(other, environment) < 0)
        .filter(other -> other.getSpec() != null && other.getSpec().project != null)
        .filter(other -> {
          String otherOrganization = Organization.fromHomeNamespace(other.getMetadata().getNamespace());
          return otherOrganization != null
              && namespace.equals(namespaceName(otherOrganization, other.getSpec().project, other));
        })
        .min(envAge);
    if (holder.isEmpty()) {
      return null;
    }
    Environment older = holder.get();
    PullRequest pr = environment.getSpec().pullRequest;
    PullRequest olderPr = older.getSpec().pullRequest;
    if (pr != null && olderPr != null && pr.number.equals(olderPr.number)
        && older.getMetadata().getNamespace().equals(environment.getMetadata().getNamespace())
        && project.equals(older.getSpec().project)) {
      return new Problem("DuplicatePullRequest", "pull request #" + pr.number + " of project " + project
          + " already has environment " + older.getMetadata().getName() + "; this one gets no namespace or workload", true);
    }
    return new Problem("NamespaceConflict", "namespace " + namespace + " is already environment "
        + older.getMetadata().getNamespace() + "/" + older.getMetadata().getName()
        + "'s; rename this environment (or its project); it gets no namespace or workload", true);
  }

  /**
   * Whether the host is this environment's to serve: under a domain its organization holds (the
   * earliest recorded claim, {@link Domains#granted}), served by no Ingress or HTTPRoute that
   * Orgspace did not make, and claimed by no other Environment first. Claims count from when they
   * were recorded ({@code status.hostClaimedAt}), never from an object's age, so no later claim of
   * any age displaces a route that is served. Messages name no other tenant.
   */
  /**
   * Whether the organization's environment limit refuses this one: an environment is admitted while
   * fewer of the organization's environments than the limit are older (creation, then name), so
   * that of two made at once the younger is refused. One that already has its namespace keeps it:
   * lowering the limit admits no new environment and removes none.
   */
  static Problem environmentLimitProblem(Environment environment, String namespace, EnvironmentIndex allEnvironments,
      int maxEnvironments) {
    if (environment.getStatus() != null && namespace.equals(environment.getStatus().namespace)) {
      return null;
    }
    Comparator<Environment> envAge = age();
    long older = allEnvironments.inHome(environment.getMetadata().getNamespace()).stream()
        .filter(other -> envAge.compare(other, environment) < 0)
        .count();
    if (older < maxEnvironments) {
      return null;
    }
    return new Problem(PlatformLimits.REASON, "the organization may have at most " + maxEnvironments
        + " environments (limit maxEnvironments); this one gets no namespace or workload until one is deleted", true);
  }

  static Problem hostProblem(Environment environment, Organization organization, String host,
      Collection<Organization> allOrganizations, EnvironmentIndex allEnvironments, ForeignRoutes foreign) {
    var domains = organization.getSpec() == null ? null : organization.getSpec().domains;
    String name = organization.getMetadata().getName();
    if (!Domains.isUnderAny(host, domains)) {
      return new Problem("DomainNotOwned", "host " + host + " is not under a domain of organization "
          + name + "; no ingress or route is written", false);
    }
    List<Organization> organizations = new ArrayList<>(allOrganizations.stream()
        .filter(other -> !other.getMetadata().getName().equals(name)).toList());
    organizations.add(organization);
    if (!Domains.isUnderAny(host, Domains.heldBy(name, Domains.recorded(organizations)))) {
      boolean claimed = Domains.recorded(organization).stream().anyMatch(c -> Domains.isUnder(host, c.domain()));
      return claimed
          ? new Problem("DomainConflict", "host " + host + " lies under a domain held by another organization"
              + " (an earlier claim on it or on an overlapping domain); no ingress or route is written", false)
          : new Problem("DomainPending", "organization " + name + " has not yet recorded its claim on the domain of"
              + " host " + host + " (status.domains); no ingress or route is written yet", false);
    }
    Instant ours = hostClaimedAt(environment, host);
    Instant foreignSince = foreign.since(host);
    if (foreignSince != null && (ours == null || !ours.isBefore(foreignSince))) {
      return new Problem("HostTaken", "host " + host + " is served by " + foreign.article(host)
          + " Orgspace did not make; no ingress or route is written", false);
    }
    Comparator<Environment> firstClaim = Comparator
        .comparing((Environment e) -> hostClaimedAt(e, host), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(e -> e.getMetadata().getNamespace())
        .thenComparing(e -> e.getMetadata().getName());
    Optional<Environment> holder = allEnvironments.claiming(host).stream()
        .filter(other -> !(other.getMetadata().getName().equals(environment.getMetadata().getName())
            && other.getMetadata().getNamespace().equals(environment.getMetadata().getNamespace())))
        .filter(other -> hostClaimedAt(other, host) != null)
        .filter(other -> firstClaim.compare(other, environment) < 0)
        .min(firstClaim);
    if (holder.isPresent()) {
      boolean sameOrganization = holder.get().getMetadata().getNamespace().equals(environment.getMetadata().getNamespace());
      return new Problem("HostConflict", "host " + host + " is already served by "
          + (sameOrganization ? "environment " + holder.get().getMetadata().getName() : "another organization's environment")
          + ", which claimed it first; no ingress or route is written", false);
    }
    return null;
  }

  /**
   * When the environment claimed the host, as its status records; an environment that served it
   * before claims were recorded claims it from its creation. Null: no claim (yet).
   */
  static Instant hostClaimedAt(Environment environment, String host) {
    var status = environment.getStatus();
    if (status == null) {
      return null;
    }
    try {
      if (host.equals(status.host) && status.hostClaimedAt != null) {
        return Instant.parse(status.hostClaimedAt);
      }
      if (status.host == null && ("https://" + host).equals(status.url)
          && environment.getMetadata().getCreationTimestamp() != null) {
        return OffsetDateTime.parse(environment.getMetadata().getCreationTimestamp()).toInstant();
      }
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
    return null;
  }

  /**
   * Whether this environment's claim on its host stands, to be recorded in its status: the host is
   * inside a domain its organization holds (the problem, if any, came later than that check).
   */
  public boolean claimsHost() {
    return host != null && deployable() && (problem == null || !UNCLAIMED_HOST.contains(problem.reason()));
  }

  static final java.util.Set<String> UNCLAIMED_HOST = java.util.Set.of("DomainNotOwned", "DomainConflict", "DomainPending");
}
