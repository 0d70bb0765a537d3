package io.orgspace.apikey;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
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
public class ApiKey extends CustomResource<ApiKeySpec, ApiKeyStatus> implements Namespaced {
  @Override
  @Required
  public ApiKeySpec getSpec() {
    return super.getSpec();
  }
}
