package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.orgspace.common.Conditions;
import io.orgspace.common.Labels;
import io.orgspace.common.StatusUpdates;
import java.util.List;

/** Keeps each Organization's home namespace and reports it in status. */
@Workflow(dependents = @Dependent(type = HomeNamespaceDependent.class))
@ControllerConfiguration(name = "organization", fieldManager = StatusUpdates.FIELD_MANAGER)
public class OrganizationReconciler implements Reconciler<Organization> {

  @Override
  public UpdateControl<Organization> reconcile(Organization organization, Context<Organization> context) {
    OrganizationStatus next = baseStatus(organization);
    return StatusUpdates.patchIfChanged(organization, next, List.of(Conditions.ready(
        organization.getMetadata().getGeneration(), "NamespaceReady",
        "home namespace " + next.namespace + " is in place")));
  }

  @Override
  public ErrorStatusUpdateControl<Organization> updateErrorStatus(
      Organization organization, Context<Organization> context, Exception e) {
    OrganizationStatus next = baseStatus(organization);
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
