package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.api.Environment;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.runtime.PreviewSettings;
import java.time.Instant;

/**
 * What one reconcile of an Environment decided, computed once from the informers' caches before
 * any dependent runs (also before a clean-up), and read by every dependent and the status.
 *
 * @param organization the Organization the plan was made from: dependents read it from here, not
 *     from the cache again, which may have moved on (or briefly lost it) since; null when not found
 * @param credentials the basic-auth credentials when the environment is routed with basic auth and
 *     they can be had; null otherwise
 * @param secrets what is copied from the home namespace's released Secrets
 */
record EnvironmentContext(
    EnvironmentPlan plan,
    Organization organization,
    RoutingSupport routing,
    PreviewSettings settings,
    BasicAuthCredentials credentials,
    SecretCopies secrets) {

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
    var environments = context.getPrimaryCache().list().toList();
    EnvironmentPlan plan = EnvironmentPlan.of(environment, organization, project, organizations.list().toList(),
        environments, routing, settings, ForeignRoutes.of(ingresses.list().toList(),
        ForeignHttpRoutes.all(context, routing), environments), now);
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
    var result = new EnvironmentContext(plan, organization, routing, settings, credentials, secrets);
    context.managedWorkflowAndDependentResourceContext().put(KEY, result);
    return result;
  }

  Environment environment() {
    return plan.environment();
  }
}
