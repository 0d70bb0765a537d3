package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.AttributionPolicy;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationStatus;
import io.orgspace.api.SshAuthorityStatus;
import io.orgspace.common.Conditions;
import io.orgspace.common.FieldManager;
import io.orgspace.common.StatusUpdates;
import io.orgspace.runtime.OrgspaceMetrics;
import io.orgspace.ssh.SshPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Keeps each Organization's home namespace, the role bindings of all its namespaces, the access to
 * the Organization object itself, its SSH certificate authority, members' certificates and the
 * trust bundles of its environments, and reports who holds which role.
 *
 * <p>Each reconcile first decides everything ({@link OrganizationContext}: role holders, namespaces,
 * the SSH plan), then runs the workflow of dependents, which only render from that decision.
 */
@Workflow(explicitInvocation = true, dependents = {
    // Nothing is written for the organization, in its namespaces or cluster-wide, before its home
    // namespace is verified to be its own (carries its UID).
    @Dependent(name = OrganizationReconciler.HOME_NAMESPACE, type = HomeNamespaceDependent.class,
        readyPostcondition = HomeNamespaceDependent.Verified.class),
    @Dependent(type = RoleBindingsDependent.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    @Dependent(type = ClusterRolesDependent.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    @Dependent(type = ClusterRoleBindingsDependent.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    @Dependent(type = SecretReaderRolesDependent.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    // Certificates are published only once the CA that signed them is stored.
    @Dependent(name = OrganizationContext.SSH_AUTHORITY, type = SshAuthorityDependent.class),
    @Dependent(name = OrganizationContext.SSH_CERTIFICATES, type = MemberCertificatesDependent.class,
        dependsOn = {OrganizationReconciler.HOME_NAMESPACE, OrganizationContext.SSH_AUTHORITY}),
    @Dependent(name = OrganizationContext.SSH_TRUST_BUNDLES, type = TrustBundlesDependent.class,
        dependsOn = {OrganizationReconciler.HOME_NAMESPACE, OrganizationContext.SSH_AUTHORITY})
})
@ControllerConfiguration(name = "organization", fieldManager = FieldManager.NAME)
public class OrganizationReconciler implements Reconciler<Organization> {
  static final String HOME_NAMESPACE = "home-namespace";

  private final Clock clock;
  private final String operatorNamespace;
  private final StatusUpdates statuses;
  private final boolean attributionServed;

  /**
   * @param operatorNamespace where the organizations' SSH CA Secrets are kept
   * @param attributionServed whether the API server stamps who changed what (see {@link AttributionPolicy})
   */
  public OrganizationReconciler(Clock clock, StatusUpdates statuses, String operatorNamespace, boolean attributionServed) {
    this.clock = clock;
    this.operatorNamespace = operatorNamespace;
    this.statuses = statuses;
    this.attributionServed = attributionServed;
  }

  /** The Ready condition and, on a cluster that cannot stamp changes, Attribution=False. */
  private List<Condition> withAttribution(Organization organization, Condition... conditions) {
    List<Condition> all = new ArrayList<>(Arrays.asList(conditions));
    if (!attributionServed) {
      all.add(AttributionPolicy.unavailable(organization.getMetadata().getGeneration()));
    }
    return all;
  }

  @Override
  public List<EventSource<?, Organization>> prepareEventSources(EventSourceContext<Organization> context) {
    // Memberships, Environments (by name: their credentials Secrets) and ApiKeys (their
    // ServiceAccounts join the bindings) change the organization whose home namespace holds them.
    var memberships = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Membership.class, Organization.class)
            .withItemStore(new CompactItemStore<>())
            .withSecondaryToPrimaryMapper(OrganizationReconciler::ofHomeNamespace)
            .build(),
        context);
    var environments = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Environment.class, Organization.class)
            .withItemStore(new CompactItemStore<>())
            .withSecondaryToPrimaryMapper(OrganizationReconciler::ofHomeNamespace)
            .withOnUpdateFilter((updated, old) -> false)
            .build(),
        context);
    var apiKeys = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ApiKey.class, Organization.class)
            .withItemStore(new CompactItemStore<>())
            .withSecondaryToPrimaryMapper(OrganizationReconciler::ofHomeNamespace)
            .build(),
        context);
    // The credentials Secrets Orgspace made for the environments: only those are granted to members.
    var credentials = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, Organization.class)
            .withItemStore(new CompactItemStore<>())
            .withName(OrganizationContext.CREDENTIALS)
            .withLabelSelector(Labels.CREDENTIALS_SELECTOR)
            .withSecondaryToPrimaryMapper(OrganizationReconciler::ofHomeNamespace)
            .build(),
        context);
    return List.of(memberships, environments, apiKeys, credentials);
  }

  private static Set<ResourceID> ofHomeNamespace(HasMetadata object) {
    String organization = Organization.fromHomeNamespace(object.getMetadata().getNamespace());
    return organization == null ? Set.of() : Set.of(new ResourceID(organization));
  }

  @Override
  public UpdateControl<Organization> reconcile(Organization organization, Context<Organization> context) {
    Instant now = clock.instant();
    OrganizationContext state = OrganizationContext.gather(organization, context, now, operatorNamespace);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    OrganizationStatus next = baseStatus(organization);
    next.access = OrganizationAccess.summary(state.holders());
    next.memberCount = state.effectiveMemberships().size();
    next.namespaceCount = state.namespaces().size();
    SshPlan.Outcome ssh = state.ssh();
    next.ssh = sshStatus(state.name(), ssh);
    DomainClaims domains = DomainClaims.of(organization, context.getPrimaryCache().list().toList(), now);
    next.domains = domains.holds();
    // Counted once stored: the workflow above has written what this plan issued.
    OrgspaceMetrics.certificatesIssued(ssh.issued());
    if (ssh.rotated()) {
      OrgspaceMetrics.certificateAuthorityRotated();
    }
    UpdateControl<Organization> control = statuses.patchIfChanged(organization, next, withAttribution(organization,
        Conditions.ready(organization.getMetadata().getGeneration(), "Reconciled",
            "home namespace " + next.namespace + " and role bindings in " + next.namespaceCount + " namespace(s) are in place"),
        domains.condition(organization.getMetadata().getGeneration())));
    // Wake up for the next certificate renewal or the end of a CA rotation's overlap.
    if (ssh.nextCheck() != null) {
      Duration wait = Duration.between(now, ssh.nextCheck()).plusSeconds(1);
      control.rescheduleAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
    if (!domains.refused().isEmpty()) {
      // The holder letting go is no event of this Organization: look again in a minute.
      Duration recheck = Duration.ofMinutes(1);
      control.rescheduleAfter(control.getScheduleDelay().filter(d -> d < recheck.toMillis())
          .map(Duration::ofMillis).orElse(recheck));
    }
    return control;
  }

  /** Public facts of the organization's SSH CA for its status. */
  static SshAuthorityStatus sshStatus(String organization, SshPlan.Outcome outcome) {
    SshAuthorityStatus status = new SshAuthorityStatus();
    status.certificateAuthority = outcome.authority().current().publicKeyLine(organization + "-ssh-ca");
    status.previousCertificateAuthority = outcome.authority().previousPublicKey();
    status.previousTrustedUntil = outcome.authority().previousTrustedUntil() == null ? null
        : outcome.authority().previousTrustedUntil().toString();
    status.certificates = outcome.certificates().values().stream().mapToInt(List::size).sum();
    status.revokedCertificates = outcome.authority().revoked().size();
    return status;
  }

  @Override
  public ErrorStatusUpdateControl<Organization> updateErrorStatus(
      Organization organization, Context<Organization> context, Exception e) {
    OrganizationStatus next = baseStatus(organization);
    OrganizationStatus previous = organization.getStatus();
    if (previous != null) { // keep the last known audit view while the failure lasts
      next.access = previous.access;
      next.memberCount = previous.memberCount;
      next.namespaceCount = previous.namespaceCount;
      next.ssh = previous.ssh;
      next.domains = previous.domains; // a failure never drops a recorded claim
    }
    String reason = StatusUpdates.reasonOf(e);
    String message = StatusUpdates.describe(e);
    Namespace existing = context.getClient().namespaces().withName(next.namespace).get();
    var held = StatusUpdates.find(e, HomeNamespaceDependent.HeldByAnother.class);
    if (held != null) {
      reason = "NamespaceConflict";
      message = held.getMessage();
    } else if (existing != null && !HomeNamespace.isAdoptable(existing, organization)) {
      reason = "NamespaceConflict";
      message = "namespace " + next.namespace + " exists and was not made by Orgspace for this organization;"
          + " label it " + Labels.ORGANIZATION + "=" + organization.getMetadata().getName() + " and "
          + Labels.MANAGED_SELECTOR + " to adopt it, or choose another organization name";
    }
    return statuses.errorIfChanged(organization, next, withAttribution(organization, Conditions.notReady(
        organization.getMetadata().getGeneration(), reason, message)));
  }

  private static OrganizationStatus baseStatus(Organization organization) {
    OrganizationStatus status = new OrganizationStatus();
    status.namespace = Organization.homeNamespace(organization.getMetadata().getName());
    return status;
  }
}
