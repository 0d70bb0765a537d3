package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;

/** Desired state of an organization's home namespace: a pure function of the Organization. */
public final class HomeNamespace {
  private HomeNamespace() {}

  public static Namespace desired(Organization organization) {
    String name = organization.getMetadata().getName();
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(Organization.homeNamespace(name))
        .withLabels(Labels.forOrganization(name))
        .endMetadata()
        .build();
  }

  /** Whether an existing namespace may serve as the organization's home: it carries our labels for it. */
  public static boolean isAdoptable(Namespace namespace, Organization organization) {
    var labels = namespace.getMetadata().getLabels();
    return labels != null
        && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        && organization.getMetadata().getName().equals(labels.get(Labels.ORGANIZATION));
  }
}
