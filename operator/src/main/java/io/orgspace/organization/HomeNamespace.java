package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.SsoSpec;
import io.orgspace.api.TenantNamespaces;
import java.util.Map;
import java.util.function.Predicate;

/** Desired state of an organization's home namespace: a pure function of the Organization. */
public final class HomeNamespace {
  private HomeNamespace() {}

  public static Namespace desired(Organization organization) {
    String name = organization.getMetadata().getName();
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(Organization.homeNamespace(name))
        .withLabels(TenantNamespaces.labels(organization))
        .withAnnotations(annotations(organization))
        .endMetadata()
        .build();
  }

  /** With spec.sso.required: the user prefix Memberships must carry, for the admission policy that checks them. */
  static Map<String, String> annotations(Organization organization) {
    SsoSpec sso = organization.getSpec() == null ? null : organization.getSpec().sso;
    if (sso == null || !Boolean.TRUE.equals(sso.required) || sso.userPrefix == null || sso.userPrefix.isEmpty()) {
      return Map.of();
    }
    return Map.of(Labels.SSO_REQUIRED_USER_PREFIX, sso.userPrefix);
  }

  /**
   * Whether an existing namespace may serve as the organization's home: it carries our labels for
   * it. The UID it records may be another's: the UID of an earlier Organization of the same name,
   * which no longer exists (names of Organizations are unique, so a different UID under this name
   * is a predecessor's), or none (declared ahead of time, or made before UIDs were recorded). The
   * successor then writes its own UID over it, and the namespace's objects count from then on.
   */
  public static boolean isAdoptable(Namespace namespace, Organization organization) {
    var labels = namespace.getMetadata().getLabels();
    return labels != null
        && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        && organization.getMetadata().getName().equals(labels.get(Labels.ORGANIZATION));
  }

  /**
   * Whether the namespace records the UID of another Organization that still exists: then it is
   * that one's (an edit by hand put it there), and this Organization neither takes it nor counts
   * anything in it. A UID of an Organization that no longer exists is a predecessor's.
   */
  public static boolean heldByAnother(Namespace namespace, Organization organization, Predicate<String> liveOrganizationUid) {
    var labels = namespace.getMetadata().getLabels();
    String recorded = labels == null ? null : labels.get(TenantNamespaces.ORGANIZATION_UID);
    return recorded != null && !recorded.equals(organization.getMetadata().getUid()) && liveOrganizationUid.test(recorded);
  }
}
