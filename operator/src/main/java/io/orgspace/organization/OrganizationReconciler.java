package io.orgspace.organization;

import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationStatus;
import io.fabric8.kubernetes.api.model.Namespace;
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
import io.orgspace.common.Conditions;
import io.orgspace.api.Labels;
import io.orgspace.common.StatusUpdates;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.ssh.MemberCertificateSecrets;
import io.orgspace.ssh.SshAuthorityDependent;
import io.orgspace.api.SshAuthorityStatus;
import io.orgspace.ssh.SshPlan;
import io.orgspace.ssh.SshStates;
import io.orgspace.ssh.TrustBundles;
import io.orgspace.runtime.OrgspaceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Keeps each Organization's home namespace, the role bindings of all its namespaces, the access to
 * the Organization object itself, its SSH certificate authority, members' certificates and the
 * trust bundles of its environments, and reports who holds which role.
 */
@Workflow(dependents = {
    @Dependent(name = OrganizationReconciler.HOME_NAMESPACE, type = HomeNamespaceDependent.class),
    @Dependent(type = OrganizationRoleBindings.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    @Dependent(type = OrganizationClusterRoles.class),
    @Dependent(type = OrganizationClusterRoleBindings.class),
    @Dependent(type = HomeNamespaceRoles.class, dependsOn = OrganizationReconciler.HOME_NAMESPACE),
    // Certificates are published only once the CA that signed them is stored.
    @Dependent(name = SshStates.AUTHORITY, type = SshAuthorityDependent.class),
    @Dependent(name = SshStates.CERTIFICATES, type = MemberCertificateSecrets.class,
        dependsOn = {OrganizationReconciler.HOME_NAMESPACE, SshStates.AUTHORITY}),
    @Dependent(name = SshStates.TRUST_BUNDLES, type = TrustBundles.class, dependsOn = SshStates.AUTHORITY)
})
@ControllerConfiguration(name = "organization", fieldManager = StatusUpdates.FIELD_MANAGER)
public class OrganizationReconciler implements Reconciler<Organization> {
  static final String HOME_NAMESPACE = "home-namespace";

  @Override
  public List<EventSource<?, Organization>> prepareEventSources(EventSourceContext<Organization> context) {
    // A Membership changes the bindings of the organization whose home namespace holds it.
    var memberships = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Membership.class, Organization.class)
            .withSecondaryToPrimaryMapper(membership -> {
              String organization = Organization.fromHomeNamespace(membership.getMetadata().getNamespace());
              return organization == null ? Set.of() : Set.of(new ResourceID(organization));
            })
            .build(),
        context);
    // Environments matter only by name (their credentials Secrets): creations and deletions.
    var environments = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Environment.class, Organization.class)
            .withSecondaryToPrimaryMapper(environment -> {
              String organization = Organization.fromHomeNamespace(environment.getMetadata().getNamespace());
              return organization == null ? Set.of() : Set.of(new ResourceID(organization));
            })
            .withOnUpdateFilter((updated, old) -> false)
            .build(),
        context);
    // An ApiKey's ServiceAccount joins its scope's bindings.
    var apiKeys = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(io.orgspace.api.ApiKey.class, Organization.class)
            .withSecondaryToPrimaryMapper(key -> {
              String organization = Organization.fromHomeNamespace(key.getMetadata().getNamespace());
              return organization == null ? Set.of() : Set.of(new ResourceID(organization));
            })
            .build(),
        context);
    return List.of(memberships, environments, apiKeys);
  }

  @Override
  public UpdateControl<Organization> reconcile(Organization organization, Context<Organization> context) {
    OrganizationStatus next = baseStatus(organization);
    var memberships = context.getSecondaryResources(Membership.class);
    next.access = OrganizationAccess.summary(OrganizationAccess.holders(organization, memberships,
        context.getSecondaryResources(io.orgspace.api.ApiKey.class)));
    next.memberCount = OrganizationAccess.effectiveMemberships(memberships).size();
    next.namespaceCount = OrganizationRoleBindings.namespaces(organization, context).size();
    SshPlan.Outcome ssh = SshStates.of(organization, context);
    next.ssh = SshAuthorityStatus.of(organization.getMetadata().getName(), ssh);
    // Counted once stored: the workflow above has written what this plan issued.
    OrgspaceMetrics.certificatesIssued(ssh.issued());
    if (ssh.rotated()) {
      OrgspaceMetrics.certificateAuthorityRotated();
    }
    UpdateControl<Organization> control = StatusUpdates.patchIfChanged(organization, next, List.of(Conditions.ready(
        organization.getMetadata().getGeneration(), "Reconciled",
        "home namespace " + next.namespace + " and role bindings in " + next.namespaceCount + " namespace(s) are in place")));
    // Wake up for the next certificate renewal or the end of a CA rotation's overlap.
    if (ssh.nextCheck() != null) {
      Duration wait = Duration.between(Instant.now(), ssh.nextCheck()).plusSeconds(1);
      control.rescheduleAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
    return control;
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
    }
    String reason = StatusUpdates.reasonOf(e);
    String message = StatusUpdates.describe(e);
    Namespace existing = context.getClient().namespaces().withName(next.namespace).get();
    if (existing != null && !HomeNamespace.isAdoptable(existing, organization)) {
      reason = "NamespaceConflict";
      message = "namespace " + next.namespace + " exists and was not made by Orgspace for this organization;"
          + " label it " + Labels.ORGANIZATION + "=" + organization.getMetadata().getName() + " and "
          + Labels.MANAGED_SELECTOR + " to adopt it, or choose another organization name";
    }
    return StatusUpdates.errorIfChanged(organization, next, List.of(Conditions.notReady(
        organization.getMetadata().getGeneration(), reason, message)));
  }

  private static OrganizationStatus baseStatus(Organization organization) {
    OrganizationStatus status = new OrganizationStatus();
    status.namespace = Organization.homeNamespace(organization.getMetadata().getName());
    return status;
  }
}
