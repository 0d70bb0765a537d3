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

/** A scoped, expiring, rotating token for machines acting in an organization. */
@Group("orgspace.io")
@Version("v1alpha1")
@Plural("apikeys")
@ShortNames({"key", "keys"})
@AdditionalPrinterColumn(name = "Scope", jsonPath = ".spec.scope")
@AdditionalPrinterColumn(name = "Revoked", jsonPath = ".spec.revoked",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.expiresAt")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "self.metadata.name.size() <= " + ApiKey.MAX_NAME_LENGTH,
    message = "API key name must be at most " + ApiKey.MAX_NAME_LENGTH
        + " characters: its ServiceAccount and Secret are apikey-<name>, at most 253")
public class ApiKey extends CustomResource<ApiKeySpec, ApiKeyStatus> implements Namespaced {
  /** Its ServiceAccount and Secret are apikey-<name>, which must fit 253 characters. */
  public static final int MAX_NAME_LENGTH = 246;

  @Override
  @Required
  public ApiKeySpec getSpec() {
    return super.getSpec();
  }
}
