package io.orgspace.environment;

import io.orgspace.api.BasicAuth;
import io.orgspace.api.Environment;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The plan and the basic-auth credentials of the Environment being reconciled, computed once per
 * reconcile from the informers' caches and shared by every dependent of the workflow.
 */
final class Plans {
  static final String ORGANIZATIONS = "organizations";
  static final String PROJECTS = "projects";
  static final String CREDENTIALS = "credentials";
  private static final String PLAN_KEY = "orgspace.plan";
  private static final String ORGANIZATION_KEY = "orgspace.organization";
  private static final String CREDENTIALS_KEY = "orgspace.credentials";

  /**
   * @param source the Secret the credentials come from, as uid/resourceVersion; null while the
   *     generated ones are not stored yet
   * @param generated whether Orgspace generated them
   */
  record Credentials(String username, String password, String source, boolean generated) {}

  private Plans() {}

  /**
   * Dependents of one reconcile may run in parallel: they share one computation, guarded by that
   * reconcile's own context (a class-wide lock would serialize every environment's reconcile).
   */
  static EnvironmentPlan plan(Environment environment, Context<Environment> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    synchronized (shared) {
      return plan(environment, context, shared);
    }
  }

  private static EnvironmentPlan plan(Environment environment, Context<Environment> context,
      io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext shared) {
    Optional<EnvironmentPlan> known = shared.get(PLAN_KEY, EnvironmentPlan.class);
    if (known.isPresent()) {
      return known.get();
    }
    Organization organization = context.getSecondaryResource(Organization.class, ORGANIZATIONS).orElse(null);
    Project project = context.getSecondaryResource(Project.class, PROJECTS).orElse(null);
    // Not found means the workload goes: a cache that has not caught up (or briefly lost an object)
    // must not decide that. The API server has the last word on a miss (rare: only then a request).
    String orgName = Organization.fromHomeNamespace(environment.getMetadata().getNamespace());
    if (organization == null && orgName != null) {
      organization = context.getClient().resources(Organization.class).withName(orgName).get();
    }
    if (project == null && organization != null) {
      project = context.getClient().resources(Project.class).inNamespace(environment.getMetadata().getNamespace())
          .withName(environment.getSpec().project).get();
    }
    var organizations = context.eventSourceRetriever().getEventSourceFor(Organization.class, ORGANIZATIONS);
    var allOrganizations = ((io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<
        Organization, Environment>) organizations).list().toList();
    var allEnvironments = context.getPrimaryCache().list().toList();
    EnvironmentPlan plan = EnvironmentPlan.of(environment, organization, project, allOrganizations, allEnvironments,
        RoutingSupport.of(context.getClient()), io.orgspace.runtime.EnvironmentSettings.current());
    if (organization != null) {
      shared.put(ORGANIZATION_KEY, organization);
    }
    shared.put(PLAN_KEY, plan);
    return plan;
  }

  /**
   * The Organization the plan was made from: the dependents read it from here, not from the cache
   * again, which may have moved on (or briefly lost it) since.
   */
  static Organization organization(Environment environment, Context<Environment> context) {
    plan(environment, context);
    return context.managedWorkflowAndDependentResourceContext().get(ORGANIZATION_KEY, Organization.class)
        .orElseThrow(() -> new IllegalStateException("no organization for a deployable environment"));
  }

  /**
   * The credentials: from the Secret the Environment names, else the ones generated earlier (kept
   * in the credentials Secret), else new ones — decided once so that both Secrets agree.
   */
  static Credentials credentials(Environment environment, Context<Environment> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    synchronized (shared) {
      return credentials(environment, context, shared);
    }
  }

  private static Credentials credentials(Environment environment, Context<Environment> context,
      io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext shared) {
    Optional<Credentials> known = shared.get(CREDENTIALS_KEY, Credentials.class);
    if (known.isPresent()) {
      return known.get();
    }
    BasicAuth basicAuth = environment.getSpec().basicAuth;
    Credentials credentials;
    if (basicAuth != null && basicAuth.secretName != null) {
      Secret own = context.getClient().secrets().inNamespace(environment.getMetadata().getNamespace())
          .withName(basicAuth.secretName).get();
      credentials = own == null ? null : fromSecret(own, false);
    } else {
      credentials = context.getSecondaryResource(Secret.class, CREDENTIALS).map(s -> fromSecret(s, true))
          .orElseGet(() -> new Credentials("preview", Htpasswd.generatePassword(), null, true));
    }
    if (credentials != null) {
      shared.put(CREDENTIALS_KEY, credentials);
    }
    return credentials;
  }

  private static Credentials fromSecret(Secret secret, boolean generated) {
    if (secret.getData() == null || secret.getData().get("password") == null) {
      return null;
    }
    String username = secret.getData().get("username");
    return new Credentials(username == null ? "preview" : decode(username), decode(secret.getData().get("password")),
        secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion(), generated);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
