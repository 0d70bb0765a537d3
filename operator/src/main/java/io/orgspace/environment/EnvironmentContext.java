package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.runtime.PreviewSettings;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one reconcile of an Environment decided, computed once from the informers' caches before
 * any dependent runs (also before a clean-up), and read by every dependent and the status.
 *
 * @param organization the Organization the plan was made from: dependents read it from here, not
 *     from the cache again, which may have moved on (or briefly lost it) since; null when not found
 * @param credentials the basic-auth credentials when the environment is routed with basic auth and
 *     they can be had; null otherwise
 * @param secrets what is copied from the home namespace's released Secrets
 * @param namespaceMadeNow set when this reconcile created the environment's namespace: the
 *     objects in it are then created without first asking whether one of the name exists
 */
record EnvironmentContext(
    EnvironmentPlan plan,
    Organization organization,
    RoutingSupport routing,
    PreviewSettings settings,
    BasicAuthCredentials credentials,
    SecretCopies secrets,
    AtomicBoolean namespaceMadeNow) {

  static final String ORGANIZATIONS = "organizations";
  static final String PROJECTS = "projects";
  static final String FOREIGN_INGRESSES = "foreign-ingresses";
  static final String RELEASED_SECRETS = "released-secrets";
  private static final String KEY = EnvironmentContext.class.getName();

  static EnvironmentContext of(Context<Environment> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, EnvironmentContext.class);
  }

  static EnvironmentContext gather(Environment environment, Context<Environment> context, PreviewSettings settings,
      Instant now) {
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
    @SuppressWarnings("unchecked")
    var organizations = (InformerEventSource<Organization, Environment>) context.eventSourceRetriever()
        .getEventSourceFor(Organization.class, ORGANIZATIONS);
    @SuppressWarnings("unchecked")
    var ingresses = (InformerEventSource<Ingress, Environment>) context.eventSourceRetriever()
        .getEventSourceFor(Ingress.class, FOREIGN_INGRESSES);
    RoutingSupport routing = RoutingSupport.of(context.getClient());
    var environments = EnvironmentIndex.of(context.getPrimaryCache());
    // Only the routes that could serve this environment's host are compared with it.
    String host = project == null || project.getSpec() == null ? null : EnvironmentPlan.host(environment,
        project.getSpec().previews == null ? new PreviewPolicy() : project.getSpec().previews);
    List<String> routeNames = host == null ? List.of() : ForeignRoutes.namesServing(host);
    List<Ingress> candidates = routeNames.stream().flatMap(name -> ingresses.byIndex(ForeignRoutes.HOSTS, name).stream())
        .distinct().toList();
    EnvironmentPlan plan = EnvironmentPlan.of(environment, organization, project, organizations.list().toList(),
        environments, routing, settings, ForeignRoutes.of(candidates,
        ForeignHttpRoutes.serving(context, routing, routeNames), environments), now);
    BasicAuthCredentials credentials = null;
    if (plan.routable() && plan.basicAuth() && environment.getMetadata().getDeletionTimestamp() == null) {
      credentials = BasicAuthCredentials.of(environment, context.getClient(),
          context.getSecondaryResource(Secret.class, CredentialsSecretDependent.NAME).orElse(null));
    }
    @SuppressWarnings("unchecked")
    var released = (InformerEventSource<Secret, Environment>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, RELEASED_SECRETS);
    String home = environment.getMetadata().getNamespace();
    SecretCopies secrets = plan.deployable() && environment.getMetadata().getDeletionTimestamp() == null
        ? SecretCopies.of(plan, name -> released.get(new ResourceID(name, home)).orElse(null))
        : SecretCopies.NONE;
    var result = new EnvironmentContext(plan, organization, routing, settings, credentials, secrets, new AtomicBoolean());
    context.managedWorkflowAndDependentResourceContext().put(KEY, result);
    return result;
  }

  /** This reconcile created the environment's namespace (it did not exist when it asked). */
  void markNamespaceCreated() {
    namespaceMadeNow.set(true);
  }

  boolean namespaceCreatedNow() {
    return namespaceMadeNow.get();
  }

  Environment environment() {
    return plan.environment();
  }
}
