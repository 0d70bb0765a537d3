package io.orgspace.environment;

import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.Conditions;
import io.orgspace.common.StatusUpdates;
import io.orgspace.environment.EnvironmentDependents.Deployable;
import io.orgspace.environment.EnvironmentDependents.EnvCredentials;
import io.orgspace.environment.EnvironmentDependents.EnvDeployment;
import io.orgspace.environment.EnvironmentDependents.EnvFiles;
import io.orgspace.environment.EnvironmentDependents.EnvHtpasswd;
import io.orgspace.environment.EnvironmentDependents.EnvIngress;
import io.orgspace.environment.EnvironmentDependents.EnvLimitRange;
import io.orgspace.environment.EnvironmentDependents.EnvNamespace;
import io.orgspace.environment.EnvironmentDependents.EnvNetworkPolicy;
import io.orgspace.environment.EnvironmentDependents.EnvResourceQuota;
import io.orgspace.environment.EnvironmentDependents.EnvService;
import io.orgspace.environment.EnvironmentDependents.GeneratesCredentials;
import io.orgspace.environment.EnvironmentDependents.HasFiles;
import io.orgspace.environment.EnvironmentDependents.Isolated;
import io.orgspace.environment.EnvironmentDependents.Protected;
import io.orgspace.environment.EnvironmentDependents.RoutedByIngress;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each Environment its own namespace, network isolation, quota, workload, and — when its
 * host is the organization's and free — an Ingress, with basic auth when asked. Deleting the
 * Environment deletes its namespace (finalizer); an expired Environment is deleted.
 */
@Workflow(dependents = {
    @Dependent(name = EnvironmentReconciler.NAMESPACE, type = EnvNamespace.class, reconcilePrecondition = Deployable.class),
    @Dependent(type = EnvNetworkPolicy.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = Isolated.class),
    @Dependent(type = EnvResourceQuota.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = Deployable.class),
    @Dependent(type = EnvLimitRange.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = Deployable.class),
    @Dependent(type = EnvFiles.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = HasFiles.class),
    @Dependent(type = EnvDeployment.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = Deployable.class),
    @Dependent(type = EnvService.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = Deployable.class),
    @Dependent(type = EnvIngress.class, dependsOn = EnvironmentReconciler.NAMESPACE, reconcilePrecondition = RoutedByIngress.class),
    @Dependent(name = Plans.CREDENTIALS, type = EnvCredentials.class, reconcilePrecondition = GeneratesCredentials.class),
    @Dependent(name = "htpasswd", type = EnvHtpasswd.class, dependsOn = EnvironmentReconciler.NAMESPACE,
        reconcilePrecondition = Protected.class)
})
@ControllerConfiguration(name = "environment", fieldManager = StatusUpdates.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class EnvironmentReconciler implements Reconciler<Environment>, Cleaner<Environment> {
  private static final Logger log = LoggerFactory.getLogger(EnvironmentReconciler.class);
  static final String NAMESPACE = "namespace";
  static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);

  @Override
  public List<EventSource<?, Environment>> prepareEventSources(EventSourceContext<Environment> context) {
    var organizations = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Organization.class, Environment.class)
            .withName(Plans.ORGANIZATIONS)
            .withPrimaryToSecondaryMapper((Environment e) -> {
              String org = Organization.fromHomeNamespace(e.getMetadata().getNamespace());
              return org == null ? Set.of() : Set.of(new ResourceID(org));
            })
            .withSecondaryToPrimaryMapper(org -> context.getPrimaryCache()
                .list(Organization.homeNamespace(org.getMetadata().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    var projects = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Project.class, Environment.class)
            .withName(Plans.PROJECTS)
            .withPrimaryToSecondaryMapper((Environment e) ->
                Set.of(new ResourceID(e.getSpec().project, e.getMetadata().getNamespace())))
            .withSecondaryToPrimaryMapper(project -> context.getPrimaryCache()
                .list(project.getMetadata().getNamespace(),
                    e -> project.getMetadata().getName().equals(e.getSpec().project))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    return List.of(organizations, projects);
  }

  @Override
  public UpdateControl<Environment> reconcile(Environment environment, Context<Environment> context) {
    EnvironmentPlan plan = Plans.plan(environment, context);
    Instant now = Instant.now();
    if (plan.expiresAt() != null && !now.isBefore(plan.expiresAt())) {
      log.info("environment {}/{} expired at {}; deleting it", environment.getMetadata().getNamespace(),
          environment.getMetadata().getName(), plan.expiresAt());
      context.getClient().resource(environment).delete();
      return UpdateControl.noUpdate();
    }
    if (plan.deployable()) {
      RoutingObjects.sync(context.getClient(), plan, RoutingSupport.of(context.getClient()),
          io.orgspace.runtime.EnvironmentSettings.current());
    }
    EnvironmentStatus next = new EnvironmentStatus();
    next.namespace = plan.ownsNamespace() ? plan.namespace() : null;
    next.url = plan.routable() ? plan.url() : null;
    next.expiresAt = plan.expiresAt() == null ? null : plan.expiresAt().toString();
    long generation = environment.getMetadata().getGeneration();
    var condition = plan.problem() != null
        ? Conditions.notReady(generation, plan.problem().reason(), plan.problem().message())
        : Conditions.ready(generation, "Deployed", plan.host() == null
            ? "workload is in place; no host: set spec.host or the project's previews.domain"
            : "serving " + plan.url());
    UpdateControl<Environment> control = StatusUpdates.patchIfChanged(environment, next, List.of(condition));
    long nextCheck = Long.MAX_VALUE;
    if (plan.expiresAt() != null) {
      nextCheck = Duration.between(now, plan.expiresAt()).plusSeconds(1).toMillis();
    }
    if (plan.problem() != null && EnvironmentPlan.CONFLICTS.contains(plan.problem().reason())) {
      // The older claimant's deletion is no event of this Environment: look again in a minute.
      nextCheck = Math.min(nextCheck, CONFLICT_RECHECK.toMillis());
    }
    if (nextCheck != Long.MAX_VALUE) {
      control.rescheduleAfter(nextCheck);
    }
    return control;
  }

  @Override
  public DeleteControl cleanup(Environment environment, Context<Environment> context) {
    // The managed workflow deleted the namespace (its dependents go with it) before this runs.
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<Environment> updateErrorStatus(Environment environment,
      Context<Environment> context, Exception e) {
    EnvironmentStatus next = new EnvironmentStatus();
    EnvironmentStatus previous = environment.getStatus();
    if (previous != null) {
      next.namespace = previous.namespace;
      next.url = previous.url;
      next.expiresAt = previous.expiresAt;
    }
    var taken = StatusUpdates.find(e, EnvironmentDependents.NamespaceTaken.class);
    if (taken != null) {
      next.namespace = null;
      // Not a failure a quick retry mends: look again in a minute, as for the other conflicts.
      return StatusUpdates.errorIfChanged(environment, next, List.of(Conditions.notReady(
              environment.getMetadata().getGeneration(), "NamespaceConflict", taken.getMessage())))
          .withNoRetry().rescheduleAfter(CONFLICT_RECHECK);
    }
    return StatusUpdates.errorIfChanged(environment, next, List.of(Conditions.notReady(
        environment.getMetadata().getGeneration(), StatusUpdates.reasonOf(e), StatusUpdates.describe(e))));
  }
}
