package io.orgspace.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One person's role in an organization; lives in the organization's home namespace. */
@Group("orgspace.io")
@Version("v1alpha1")
@Plural("memberships")
@ShortNames({"member", "members"})
@AdditionalPrinterColumn(name = "User", jsonPath = ".spec.user")
@AdditionalPrinterColumn(name = "Role", jsonPath = ".spec.role")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Membership extends CustomResource<MembershipSpec, MembershipStatus> implements Namespaced {
  @Override
  @Required
  public MembershipSpec getSpec() {
    return super.getSpec();
  }
}
