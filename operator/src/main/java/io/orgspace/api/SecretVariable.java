package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * An environment variable whose value is a key of a Secret in the organization's home namespace,
 * as in a container's {@code env[].valueFrom.secretKeyRef}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretVariable {
  @Required
  @JsonPropertyDescription("The Secret (in the organization's home namespace, labelled "
      + Labels.USE_IN_ENVIRONMENTS + ": \"true\") and the key whose value the variable takes.")
  public SecretKeyRef secretKeyRef;
}
