package io.orgspace.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A preview (per pull request) or named environment of a project, in its own namespace. */
@Group("orgspace.io")
@Version("v1alpha1")
@Plural("environments")
@ShortNames({"env", "envs"})
@AdditionalPrinterColumn(name = "Project", jsonPath = ".spec.project")
@AdditionalPrinterColumn(name = "PR", jsonPath = ".spec.pullRequest.number",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus> implements Namespaced {
  @Override
  @Required
  public EnvironmentSpec getSpec() {
    return super.getSpec();
  }

  /** The environment's basic-auth credentials Secret, in its organization's home namespace. */
  public static String credentialsSecretName(String environment) {
    return Names.fit(environment + "-basic-auth", 253);
  }
}
