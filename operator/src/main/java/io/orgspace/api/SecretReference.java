package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret of the organization's home namespace, by name (a pod's {@code imagePullSecrets[]}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {
  @Required
  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret, in the organization's home namespace.")
  public String name;
}
