package io.orgspace.apikey;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.ApiKeyPlan;
import io.orgspace.api.ApiKey;
import io.orgspace.api.ApiKeyStatus;
import io.orgspace.api.Organization;
import io.orgspace.common.Conditions;
import io.orgspace.common.FieldManager;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.StatusUpdates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An ApiKey is a ServiceAccount of the organization — bound to its scope's role in every
 * namespace by the Organization's role bindings — and a bound, expiring token in a Secret next to
 * it, rotated before it expires. Revoking, expiring or deleting the key deletes the ServiceAccount,
 * which kills every token it ever had.
 */
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = ServiceAccountDependent.NAME, type = ServiceAccountDependent.class,
        reconcilePrecondition = ServiceAccountDependent.Active.class),
    @Dependent(name = "token", type = TokenSecretDependent.class, dependsOn = ServiceAccountDependent.NAME,
        reconcilePrecondition = ServiceAccountDependent.Active.class)
})
// Not generation-aware: the rotate annotation (metadata only) must trigger a reconcile.
@ControllerConfiguration(name = "apikey", fieldManager = FieldManager.NAME, generationAwareEventProcessing = false,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class ApiKeyReconciler implements Reconciler<ApiKey> {
  private final Clock clock;
  private final StatusUpdates statuses;

  public ApiKeyReconciler(Clock clock, StatusUpdates statuses) {
    this.clock = clock;
    this.statuses = statuses;
  }

  @Override
  public List<EventSource<?, ApiKey>> prepareEventSources(EventSourceContext<ApiKey> context) {
    return List.of(new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Organization.class, ApiKey.class)
            .withItemStore(new CompactItemStore<>())
            .withName(ApiKeyContext.ORGANIZATIONS)
            .withPrimaryToSecondaryMapper((ApiKey k) -> {
              String org = Organization.fromHomeNamespace(k.getMetadata().getNamespace());
              return org == null ? Set.of() : Set.of(new ResourceID(org));
            })
            .withSecondaryToPrimaryMapper(org -> context.getPrimaryCache()
                .list(Organization.homeNamespace(org.getMetadata().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context), HomeNamespaces.eventSource(ApiKey.class, context));
  }

  @Override
  public UpdateControl<ApiKey> reconcile(ApiKey key, Context<ApiKey> context) {
    Instant now = clock.instant();
    // In a namespace not proven its organization's, the key is reported and left as it is: not
    // issued, and not revoked (an upgrade stamps existing home namespaces moments later).
    Organization organization = context.getSecondaryResource(Organization.class, ApiKeyContext.ORGANIZATIONS).orElse(null);
    String unverified = organization == null ? null : HomeNamespaces.problem(key, organization, context);
    if (unverified != null) {
      return statuses.patchIfChanged(key, kept(key),
          List.of(HomeNamespaces.notVerified(key.getMetadata().getGeneration(), "ApiKey", unverified)));
    }
    ApiKeyPlan plan = ApiKeyContext.gather(key, context, now).plan();
    // An inactive key's ServiceAccount and Secret are deleted by the workflow (their precondition fails).
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    ApiKeyStatus next = new ApiKeyStatus();
    long generation = key.getMetadata().getGeneration();
    if (!plan.active()) {
      return statuses.patchIfChanged(key, next,
          List.of(Conditions.notReady(generation, plan.problem().reason(), plan.problem().message())));
    }
    next.secretName = plan.secretName();
    next.serviceAccount = key.getMetadata().getNamespace() + "/" + plan.serviceAccount();
    Secret secret = context.getSecondaryResource(Secret.class).orElse(null);
    Instant rotateAt = null;
    if (secret != null && secret.getMetadata().getAnnotations() != null) {
      var annotations = secret.getMetadata().getAnnotations();
      next.rotatedAt = annotations.get(ApiKeyObjects.ISSUED_AT);
      next.expiresAt = annotations.get(ApiKeyObjects.EXPIRES_AT);
      if (next.rotatedAt != null) {
        rotateAt = plan.rotateAt(Instant.parse(next.rotatedAt));
        if (plan.keyExpiresAt() != null && plan.keyExpiresAt().isBefore(rotateAt)) {
          rotateAt = plan.keyExpiresAt();
        }
        next.nextRotationAt = rotateAt.toString();
      }
    }
    UpdateControl<ApiKey> control = statuses.patchIfChanged(key, next, List.of(Conditions.ready(generation,
        "TokenIssued", "a token for " + next.serviceAccount + " is in Secret " + next.secretName
            + " until " + next.expiresAt)));
    if (rotateAt != null) {
      control.rescheduleAfter(Math.max(1000, Duration.between(now, rotateAt).toMillis() + 500));
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<ApiKey> updateErrorStatus(ApiKey key, Context<ApiKey> context, Exception e) {
    return statuses.errorIfChanged(key, kept(key), List.of(Conditions.notReady(key.getMetadata().getGeneration(),
        StatusUpdates.reasonOf(e), StatusUpdates.describe(e))));
  }

  /** The status as it is, but for its conditions: what a reconcile that changes nothing reports. */
  private static ApiKeyStatus kept(ApiKey key) {
    ApiKeyStatus next = new ApiKeyStatus();
    if (key.getStatus() != null) {
      next.secretName = key.getStatus().secretName;
      next.serviceAccount = key.getStatus().serviceAccount;
      next.expiresAt = key.getStatus().expiresAt;
      next.rotatedAt = key.getStatus().rotatedAt;
      next.nextRotationAt = key.getStatus().nextRotationAt;
    }
    return next;
  }
}
