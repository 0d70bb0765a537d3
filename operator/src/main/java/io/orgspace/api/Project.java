package io.orgspace.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Git repository of an organization and the policy for its preview environments. */
@Group("orgspace.io")
@Version("v1alpha1")
@Plural("projects")
@ShortNames({"proj"})
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.repository.provider")
@AdditionalPrinterColumn(name = "Repository", jsonPath = ".spec.repository.url")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name.size() <= 63 && self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    message = "project name must be a DNS label of at most 63 characters (lower-case letters, digits and '-'):"
        + " environments name it and it labels their namespaces")
public class Project extends CustomResource<ProjectSpec, ProjectStatus> implements Namespaced {
  @Override
  @Required
  public ProjectSpec getSpec() {
    return super.getSpec();
  }
}
