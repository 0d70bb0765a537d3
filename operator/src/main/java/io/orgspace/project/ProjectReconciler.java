package io.orgspace.project;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Condition;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectStatus;
import io.orgspace.common.Conditions;
import io.orgspace.common.FieldManager;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.StatusUpdates;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.ForgeEndpoints;
import io.orgspace.forge.ForgeToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Checks what a Project's schema cannot: that it lives in an organization, that its preview domain
 * is the organization's, and that its webhook secret exists and is long enough. The Secret is read
 * directly (user Secrets carry no Orgspace label, and caching every Secret of the cluster is not an
 * option), and re-checked every few minutes so that a Secret created later is noticed. The
 * webhook's memory in {@code status.webhook} is the webhook's: this controller neither writes nor
 * compares it ({@link io.orgspace.api.ResourceStatus#fieldsWrittenElsewhere()}).
 */
@ControllerConfiguration(name = "project", fieldManager = FieldManager.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class ProjectReconciler implements Reconciler<Project> {
  static final String FEEDBACK = "forge-feedback";
  private final StatusUpdates statuses;
  private final ForgeEndpoints forgeApis;
  private final FeedbackOutcomes feedback;

  /**
   * @param forgeApis the forge APIs the platform allows
   * @param feedback how the reports of the projects' environments went
   */
  public ProjectReconciler(StatusUpdates statuses, ForgeEndpoints forgeApis, FeedbackOutcomes feedback) {
    this.statuses = statuses;
    this.forgeApis = forgeApis;
    this.feedback = feedback;
  }

  @Override
  public List<EventSource<?, Project>> prepareEventSources(EventSourceContext<Project> context) {
    // A report of one of its environments that failed or recovered: the reconcile writes FeedbackFailed.
    var feedbackOutcomes = new SimpleInboundEventSource<Project>(FEEDBACK);
    feedback.onChange(feedbackOutcomes::propagateEvent);
    return List.of(feedbackOutcomes, new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Organization.class, Project.class)
            .withItemStore(new CompactItemStore<>())
            .withPrimaryToSecondaryMapper((Project p) -> organizationOf(p)
                .map(org -> Set.of(new ResourceID(org))).orElse(Set.of()))
            .withSecondaryToPrimaryMapper(org -> context.getPrimaryCache()
                .list(Organization.homeNamespace(org.getMetadata().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context), HomeNamespaces.eventSource(Project.class, context));
  }

  static Optional<String> organizationOf(Project project) {
    return Optional.ofNullable(Organization.fromHomeNamespace(project.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<Project> reconcile(Project project, Context<Project> context) {
    Optional<Organization> organization = context.getSecondaryResource(Organization.class);
    long generation = project.getMetadata().getGeneration();
    String unverified = organization.map(org -> HomeNamespaces.problem(project, org, context)).orElse(null);
    if (unverified != null) {
      return statuses.patchIfChanged(project, new ProjectStatus(),
          List.of(HomeNamespaces.notVerified(generation, "Project", unverified)));
    }
    Secret webhookSecret = null;
    var ref = project.getSpec().repository.webhookSecretRef;
    if (ref != null) {
      webhookSecret = context.getClient().secrets()
          .inNamespace(project.getMetadata().getNamespace()).withName(ref.name).get();
    }
    ProjectCheck.Result result = ProjectCheck.check(project, organization.orElse(null), webhookSecret);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(result.ok()
        ? Conditions.ready(generation, result.reason(), result.message())
        : Conditions.notReady(generation, result.reason(), result.message()));
    Optional<ForgeToken.Ref> token = ForgeToken.Ref.of(project.getSpec().repository);
    if (token.isPresent()) {
      Secret tokenSecret = token.get().secret().equals(ref == null ? null : ref.name) ? webhookSecret
          : context.getClient().secrets().inNamespace(project.getMetadata().getNamespace()).withName(token.get().secret()).get();
      conditions.add(ProjectCheck.feedback(project, forgeApis, token.get(), tokenSecret,
          feedback.of(ResourceID.fromResource(project)), generation));
    }
    return statuses.patchIfChanged(project, new ProjectStatus(), conditions);
  }

  @Override
  public ErrorStatusUpdateControl<Project> updateErrorStatus(Project project, Context<Project> context, Exception e) {
    return statuses.errorIfChanged(project, new ProjectStatus(), List.of(Conditions.notReady(
        project.getMetadata().getGeneration(), StatusUpdates.reasonOf(e), StatusUpdates.describe(e))));
  }
}
