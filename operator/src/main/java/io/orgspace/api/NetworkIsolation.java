package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Whether environment namespaces get default-deny network policies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkIsolation {
  @Default("true")
  @JsonPropertyDescription("Default-deny ingress except from the same namespace and the ingress controller (default true).")
  public Boolean enabled = Boolean.TRUE;
}
