package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
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
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Condition;
import io.orgspace.api.Domains;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentStatus;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.RolloutStatus;
import io.orgspace.common.Conditions;
import io.orgspace.common.FieldManager;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.Provenance;
import io.orgspace.common.StatusUpdates;
import io.orgspace.runtime.PreviewSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each Environment its own namespace, network isolation, quota, workload, and — when its
 * host is the organization's and free — a route, with basic auth when asked. Deleting the
 * Environment deletes its namespace (finalizer); an expired Environment is deleted.
 *
 * <p>Each reconcile first decides ({@link EnvironmentContext}: the plan, the organization, the
 * credentials), then either deletes an expired Environment without writing anything for it, or
 * runs the workflow of dependents, which only render from that decision.
 */
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = NamespaceDependent.NAME, type = NamespaceDependent.class,
        reconcilePrecondition = NamespaceDependent.Deployable.class),
    @Dependent(type = NetworkPolicyDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = NetworkPolicyDependent.Isolated.class),
    @Dependent(type = ResourceQuotaDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = NamespaceDependent.Deployable.class),
    @Dependent(type = LimitRangeDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = NamespaceDependent.Deployable.class),
    @Dependent(type = FilesConfigMapDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = FilesConfigMapDependent.HasFiles.class),
    @Dependent(type = DeploymentDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = NamespaceDependent.Deployable.class),
    @Dependent(name = SecretVariablesDependent.NAME, type = SecretVariablesDependent.class,
        dependsOn = NamespaceDependent.NAME, reconcilePrecondition = SecretVariablesDependent.Wanted.class),
    @Dependent(name = ImagePullSecretDependent.NAME, type = ImagePullSecretDependent.class,
        dependsOn = NamespaceDependent.NAME, reconcilePrecondition = ImagePullSecretDependent.Wanted.class),
    @Dependent(type = ServiceDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = NamespaceDependent.Deployable.class),
    @Dependent(type = IngressDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = IngressDependent.RoutedByIngress.class),
    @Dependent(name = CredentialsSecretDependent.NAME, type = CredentialsSecretDependent.class,
        reconcilePrecondition = CredentialsSecretDependent.GeneratesCredentials.class),
    @Dependent(name = "htpasswd", type = HtpasswdSecretDependent.class, dependsOn = NamespaceDependent.NAME,
        reconcilePrecondition = HtpasswdSecretDependent.Protected.class)
})
@ControllerConfiguration(name = "environment", fieldManager = FieldManager.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class EnvironmentReconciler implements Reconciler<Environment>, ContextInitializer<Environment>,
    Cleaner<Environment> {
  private static final Logger log = LoggerFactory.getLogger(EnvironmentReconciler.class);
  static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);
  /**
   * A claim recorded just now is looked at once more shortly after: a foreign route made in the
   * same moments may reach the caches after the claim was written, and its event then finds no
   * environment holding the host yet. Claim times, not that order, decide.
   */
  static final Duration NEW_CLAIM_RECHECK = Duration.ofSeconds(5);
  static final String PODS = "environment-pods";
  static final String FEEDBACK = "forge-feedback";

  private final Clock clock;
  private final PreviewSettings settings;
  private final StatusUpdates statuses;
  private final PreviewFeedback feedback;

  /** @param feedback reports previews on their pull requests; null reports nothing */
  public EnvironmentReconciler(Clock clock, StatusUpdates statuses, PreviewSettings settings, PreviewFeedback feedback) {
    this.clock = clock;
    this.settings = settings;
    this.statuses = statuses;
    this.feedback = feedback;
  }

  /**
   * Environments follow an Organization's spec, its recorded domain claims, its metadata and its
   * deletion; not the counts and access lists of its status, which move with every environment
   * and would each reconcile all of the organization's environments.
   */
  static boolean organizationChangeConcernsEnvironments(Organization updated, Organization old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Domains.recorded(updated).equals(Domains.recorded(old))
        || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), old.getMetadata().getDeletionTimestamp())
        || !Objects.equals(updated.getMetadata().getLabels(), old.getMetadata().getLabels())
        || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations());
  }

  @Override
  public List<EventSource<?, Environment>> prepareEventSources(EventSourceContext<Environment> context) {
    context.getPrimaryCache().addIndexers(EnvironmentIndex.INDEXERS);
    EnvironmentIndex environments = EnvironmentIndex.of(context.getPrimaryCache());
    var organizations = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Organization.class, Environment.class)
            .withItemStore(new CompactItemStore<>())
            .withName(EnvironmentContext.ORGANIZATIONS)
            .withOnUpdateFilter(EnvironmentReconciler::organizationChangeConcernsEnvironments)
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
            .withItemStore(new CompactItemStore<>())
            .withName(EnvironmentContext.PROJECTS)
            // Environments follow a Project's spec, never its status: the webhook writes the
            // status with every delivery, which must not reconcile each of the project's environments.
            .withOnUpdateFilter((updated, old) ->
                !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
            .withPrimaryToSecondaryMapper((Environment e) ->
                Set.of(new ResourceID(e.getSpec().project, e.getMetadata().getNamespace())))
            .withSecondaryToPrimaryMapper(project -> context.getPrimaryCache()
                .list(project.getMetadata().getNamespace(),
                    e -> project.getMetadata().getName().equals(e.getSpec().project))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    // Every Ingress of the cluster: a host another team's Ingress serves is never shadowed.
    var ingresses = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Ingress.class, Environment.class)
            .withItemStore(new CompactItemStore<>())
            .withName(EnvironmentContext.FOREIGN_INGRESSES)
            .withSecondaryToPrimaryMapper(ingress -> environments.servedBy(ForeignRoutes.hosts(ingress)).stream()
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    ingresses.addIndexers(Map.of(ForeignRoutes.HOSTS, ingress -> List.copyOf(ForeignRoutes.hosts(ingress))));
    // The environments' pods (by the labels every environment object carries): why a rollout does
    // not come along (an image that cannot be pulled, a crashing container, no node) is only there.
    var pods = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, Environment.class)
            .withItemStore(new CompactItemStore<>(CompactItemStore::withoutSpec))
            .withName(PODS)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(pod -> {
              var labels = pod.getMetadata().getLabels();
              String homeNamespace = labels == null || labels.get(Labels.ORGANIZATION) == null
                  ? null : Organization.homeNamespace(labels.get(Labels.ORGANIZATION));
              if (homeNamespace == null || labels.get(Labels.ENVIRONMENT) == null) {
                return Set.of();
              }
              return context.getPrimaryCache().list(homeNamespace,
                      e -> labels.get(Labels.ENVIRONMENT).equals(EnvironmentObjects.environmentLabel(e)))
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
            })
            .build(),
        context);
    // The Secrets owners released to environments (never one Orgspace made: SourceSecrets): a
    // change rolls the environments that take a value from it, and only those.
    var releasedSecrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, Environment.class)
            .withItemStore(new CompactItemStore<>())
            .withName(EnvironmentContext.RELEASED_SECRETS)
            .withLabelSelector(SourceSecrets.SELECTOR)
            .withSecondaryToPrimaryMapper(secret -> {
              String home = secret.getMetadata().getNamespace();
              if (Organization.fromHomeNamespace(home) == null) {
                return Set.of();
              }
              String name = secret.getMetadata().getName();
              return context.getPrimaryCache().list(home, e -> {
                    Project project = projects.get(new ResourceID(e.getSpec().project, home)).orElse(null);
                    return SecretCopies.names(project, e).contains(name);
                  })
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
            })
            .build(),
        context);
    // A report to the forge that failed or recovered: the reconcile writes FeedbackFailed.
    var feedbackOutcomes = new SimpleInboundEventSource<Environment>(FEEDBACK);
    if (feedback != null) {
      feedback.onOutcomeChange(feedbackOutcomes::propagateEvent);
    }
    return List.of(organizations, projects, ingresses, pods, releasedSecrets, feedbackOutcomes,
        HomeNamespaces.eventSource(Environment.class, context));
  }

  /** Runs before every reconcile and clean-up: the dependents find their namespace through it. */
  @Override
  public void initContext(Environment environment, Context<Environment> context) {
    EnvironmentContext.gather(environment, context, settings, clock.instant());
  }

  @Override
  public UpdateControl<Environment> reconcile(Environment environment, Context<Environment> context) {
    EnvironmentPlan plan = EnvironmentContext.of(context).plan();
    Instant now = clock.instant();
    if (plan.expiresAt() != null && !now.isBefore(plan.expiresAt())) {
      log.info("environment {}/{} expired at {}; deleting it", environment.getMetadata().getNamespace(),
          environment.getMetadata().getName(), plan.expiresAt());
      context.getClient().resource(environment).delete();
      return UpdateControl.noUpdate();
    }
    Organization organization = EnvironmentContext.of(context).organization();
    String unverified = organization == null ? null : HomeNamespaces.problem(environment, organization, context);
    if (unverified != null) {
      // Neither written nor deleted: reported, and looked at again when the namespace changes.
      return statuses.patchIfChanged(environment, keptStatus(environment),
          List.of(HomeNamespaces.notVerified(environment.getMetadata().getGeneration(), "Environment", unverified)));
    }
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    retirePreviousNamespace(environment, plan, context);
    if (plan.deployable()) {
      RoutingObjects.sync(context.getClient(), plan, EnvironmentContext.of(context).routing(), settings);
    }
    EnvironmentStatus next = new EnvironmentStatus();
    next.namespace = plan.ownsNamespace() ? plan.namespace() : null;
    next.url = plan.routable() ? plan.url() : null;
    next.expiresAt = plan.expiresAt() == null ? null : plan.expiresAt().toString();
    Lifecycle lifecycle = plan.lifecycle();
    if (lifecycle == Lifecycle.NONE) {
      // Not evaluated (no organization or project to evaluate against): the recorded push is kept.
      EnvironmentStatus kept = keptStatus(environment);
      next.headSha = kept.headSha;
      next.lastPushAt = kept.lastPushAt;
      next.hibernatedAt = kept.hibernatedAt;
    } else {
      next.headSha = lifecycle.headSha();
      next.lastPushAt = lifecycle.lastPushAt() == null ? null : lifecycle.lastPushAt().toString();
      next.hibernatedAt = lifecycle.hibernated() ? lifecycle.hibernatedAt().toString() : null;
    }
    if (plan.claimsHost()) {
      next.host = plan.host();
      Instant claimed = EnvironmentPlan.hostClaimedAt(environment, plan.host());
      next.hostClaimedAt = (claimed != null ? claimed : now).toString();
    }
    long generation = environment.getMetadata().getGeneration();
    List<Condition> conditions = new ArrayList<>();
    Rollout rollout = null;
    if (plan.deployable()) {
      rollout = rollout(environment, plan, context, now);
      next.rollout = rollout.status();
      conditions.add(rollout.available());
    }
    Condition ready;
    SecretCopies secrets = EnvironmentContext.of(context).secrets();
    if (plan.problem() != null) {
      ready = Conditions.notReady(generation, plan.problem().reason(), plan.problem().message());
    } else if (!secrets.complete()) {
      ready = Conditions.notReady(generation, SecretCopies.CONDITION_REASON, String.join("; ", secrets.problems())
          + "; the workload is not changed until it can be had");
    } else if (lifecycle.hibernated()) {
      ready = Conditions.notReady(generation, Lifecycle.HIBERNATED, "scaled to zero since " + lifecycle.hibernatedAt()
          + ", " + plan.project().getSpec().previews.hibernateAfter + " after the last push; the next push wakes it");
    } else if (rollout != null && !rollout.isAvailable()) {
      // Written is not serving: Ready waits for the workload, and says why it does not come.
      ready = Conditions.notReady(generation, rollout.available().reason,
          "workload not available: " + rollout.available().message);
    } else {
      ready = Conditions.ready(generation, "Deployed", plan.host() == null
          ? "workload is available; no host: set spec.host or the project's previews.domain"
          : "serving " + plan.url());
    }
    conditions.add(0, ready);
    conditions.add(limitsCondition(plan, EnvironmentContext.of(context).organization(), generation));
    if (plan.project() != null && plan.project().getSpec().previews != null
        && plan.project().getSpec().previews.hibernateAfter != null && lifecycle.lastPushAt() != null) {
      conditions.add(lifecycle.hibernated()
          ? new Condition(Lifecycle.HIBERNATED, Condition.TRUE, "Idle", "no push since " + lifecycle.lastPushAt()
              + "; scaled to zero replicas", generation)
          : new Condition(Lifecycle.HIBERNATED, Condition.FALSE, "Active", "last push " + lifecycle.lastPushAt(), generation));
    }
    long nextCheck = Long.MAX_VALUE;
    if (feedback != null) {
      Optional<PreviewReport> report = PreviewReport.of(environment, plan.project(), ready, next.url);
      feedback.offer(report);
      ResourceID id = ResourceID.fromResource(environment);
      Condition feedbackCondition = feedback.condition(id, report, generation);
      if (feedbackCondition != null) {
        conditions.add(feedbackCondition);
      }
      if (feedback.hasFailed(id)) {
        nextCheck = PreviewFeedback.RETRY_FAILED.plusSeconds(1).toMillis();
      }
    }
    UpdateControl<Environment> control = statuses.patchIfChanged(environment, next, conditions);
    if (lifecycle.nextChange() != null) {
      nextCheck = Math.min(nextCheck, Math.max(0, Duration.between(now, lifecycle.nextChange()).plusSeconds(1).toMillis()));
    }
    if (plan.problem() != null && EnvironmentPlan.CONFLICTS.contains(plan.problem().reason())) {
      // The older claimant's deletion is no event of this Environment: look again in a minute.
      nextCheck = Math.min(nextCheck, CONFLICT_RECHECK.toMillis());
    }
    if (plan.claimsHost() && EnvironmentPlan.hostClaimedAt(environment, plan.host()) == null) {
      nextCheck = Math.min(nextCheck, NEW_CLAIM_RECHECK.toMillis());
    }
    if (nextCheck != Long.MAX_VALUE) {
      control.rescheduleAfter(nextCheck);
    }
    return control;
  }

  /**
   * The namespace the Environment had under an earlier naming (before environment namespaces were
   * {@code env-...-<hash>}) is deleted once the one of its current name is in place, and only
   * when it carries this environment's labels: the workload moves to the new name on upgrade.
   */
  private static void retirePreviousNamespace(Environment environment, EnvironmentPlan plan, Context<Environment> context) {
    String previous = environment.getStatus() == null ? null : environment.getStatus().namespace;
    if (previous == null || previous.equals(plan.namespace()) || !plan.ownsNamespace() || !plan.deployable()) {
      return;
    }
    Namespace old = context.getClient().namespaces().withName(previous).get();
    if (old != null && old.getMetadata().getDeletionTimestamp() == null
        && InEnvironmentNamespaceDependent.belongsTo(old, environment)) {
      log.info("environment {}/{}: moved to namespace {}; deleting its previous namespace {}",
          environment.getMetadata().getNamespace(), environment.getMetadata().getName(), plan.namespace(), previous);
      context.getClient().resource(old).delete();
    }
  }

  /**
   * The dependents' clean-up (the workflow is invoked explicitly, so here too), then the pull
   * request's final report once the environment's namespace is gone.
   */
  @Override
  public DeleteControl cleanup(Environment environment, Context<Environment> context) {
    var cleanup = context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
    if (!cleanup.allPostConditionsMet()) {
      return DeleteControl.noFinalizerRemoval();
    }
    if (feedback != null) {
      feedback.finish(ResourceID.fromResource(environment),
          PreviewReport.deleted(environment, EnvironmentContext.of(context).plan().project()));
    }
    return DeleteControl.defaultDelete();
  }

  /** The workload's rollout, from the Deployment and pod informers (no request). */
  private static Rollout rollout(Environment environment, EnvironmentPlan plan, Context<Environment> context,
      Instant now) {
    @SuppressWarnings("unchecked")
    var deployments = (InformerEventSource<Deployment, Environment>) context.eventSourceRetriever()
        .getEventSourceFor(Deployment.class);
    @SuppressWarnings("unchecked")
    var pods = (InformerEventSource<Pod, Environment>) context.eventSourceRetriever()
        .getEventSourceFor(Pod.class, PODS);
    Deployment deployment = deployments.get(new ResourceID(EnvironmentObjects.APP, plan.namespace()))
        .filter(d -> InEnvironmentNamespaceDependent.belongsTo(d, environment))
        .orElse(null);
    String label = EnvironmentObjects.environmentLabel(environment);
    List<Pod> environmentPods = pods.list(plan.namespace(),
        pod -> pod.getMetadata().getLabels() != null && label.equals(pod.getMetadata().getLabels().get(Labels.ENVIRONMENT)))
        .toList();
    RolloutStatus previous = environment.getStatus() == null ? null : environment.getStatus().rollout;
    String templateHash = DeploymentDependent.desired(EnvironmentContext.of(context)).getMetadata().getAnnotations()
        .get(EnvironmentObjects.TEMPLATE_HASH);
    return Rollout.assess(deployment, templateHash, environmentPods, previous, environment.getMetadata().getGeneration(), now);
  }

  /** What the platform's limits changed in what the environment asked for: a capped quota, isolation kept on. */
  private Condition limitsCondition(EnvironmentPlan plan, Organization organization, long generation) {
    List<String> exceeded = new ArrayList<>();
    if (plan.project() != null && organization != null) {
      PlatformLimits limits = PlatformLimits.of(organization, settings);
      limits.excess(EnvironmentObjects.askedQuota(plan, organization, settings))
          .forEach(excess -> exceeded.add("quota " + excess + " is capped at the maximum (limit maxQuota)"));
      if (!EnvironmentObjects.networkIsolated(organization) && !limits.allowIsolationRelaxed()) {
        exceeded.add("networkIsolation.enabled: false is not allowed (limit allowIsolationRelaxed); isolation stays on");
      }
    }
    if (plan.problem() != null && PlatformLimits.REASON.equals(plan.problem().reason())) {
      exceeded.add(plan.problem().message());
    }
    return exceeded.isEmpty()
        ? new Condition(PlatformLimits.CONDITION, Condition.TRUE, "WithinLimits", "within the organization's limits", generation)
        : new Condition(PlatformLimits.CONDITION, Condition.FALSE, PlatformLimits.REASON, String.join("; ", exceeded), generation);
  }

  private static EnvironmentStatus keptStatus(Environment environment) {
    EnvironmentStatus next = new EnvironmentStatus();
    EnvironmentStatus previous = environment.getStatus();
    if (previous != null) {
      next.namespace = previous.namespace;
      next.url = previous.url;
      next.expiresAt = previous.expiresAt;
      next.headSha = previous.headSha;
      next.lastPushAt = previous.lastPushAt;
      next.hibernatedAt = previous.hibernatedAt;
      next.host = previous.host; // a failure never drops a recorded claim
      next.hostClaimedAt = previous.hostClaimedAt;
      next.rollout = previous.rollout;
    }
    return next;
  }

  @Override
  public ErrorStatusUpdateControl<Environment> updateErrorStatus(Environment environment,
      Context<Environment> context, Exception e) {
    EnvironmentStatus next = keptStatus(environment);
    var taken = StatusUpdates.find(e, NamespaceDependent.NamespaceTaken.class);
    if (taken != null) {
      next.namespace = null;
      // Not a failure a quick retry mends: look again in a minute, as for the other conflicts.
      return statuses.errorIfChanged(environment, next, List.of(Conditions.notReady(
              environment.getMetadata().getGeneration(), "NamespaceConflict", taken.getMessage())))
          .withNoRetry().rescheduleAfter(CONFLICT_RECHECK);
    }
    var condition = Conditions.notReady(environment.getMetadata().getGeneration(), StatusUpdates.reasonOf(e),
        StatusUpdates.describe(e));
    if (StatusUpdates.find(e, Provenance.ForeignObject.class) != null) {
      return statuses.errorIfChanged(environment, next, List.of(condition)).withNoRetry().rescheduleAfter(CONFLICT_RECHECK);
    }
    return statuses.errorIfChanged(environment, next, List.of(condition));
  }
}
