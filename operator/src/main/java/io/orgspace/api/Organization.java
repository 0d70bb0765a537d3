package io.orgspace.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant of the cluster: cluster-scoped, with a home namespace {@code org-<name>}. */
@Group("orgspace.io")
@Version("v1alpha1")
@Plural("organizations")
@ShortNames({"org", "orgs"})
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.displayName")
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name.size() <= " + Organization.MAX_NAME_LENGTH,
    message = "organization name must be at most " + Organization.MAX_NAME_LENGTH
        + " characters: its home namespace org-<name> must fit the 63-character namespace limit")
@ValidationRule(value = "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    message = "organization name must be a DNS label (lower-case letters, digits and '-')")
// Refused on create and when an update drops the spec; one stored without a spec before this rule
// existed may still have its status and finalizers written (and be deleted).
@ValidationRule(value = "has(self.spec) || (oldSelf.hasValue() && !has(oldSelf.value().spec))", optionalOldSelf = true,
    message = "an organization needs a spec with at least one owner in spec.owners (a User or a Group)")
public class Organization extends CustomResource<OrganizationSpec, OrganizationStatus> {
  public static final int MAX_NAME_LENGTH = 59;
  public static final String HOME_NAMESPACE_PREFIX = TenantNamespaces.HOME_PREFIX;

  /** The organization's home namespace, where its Memberships, Projects and ApiKeys live. */
  public static String homeNamespace(String organization) {
    return TenantNamespaces.home(organization);
  }

  /**
   * The organization a home namespace's name claims, or null when the namespace is not one. A
   * claim only: {@link TenantNamespaces#verify} decides whether the namespace is that organization's.
   */
  public static String fromHomeNamespace(String namespace) {
    return TenantNamespaces.claimedOrganization(namespace);
  }
}
