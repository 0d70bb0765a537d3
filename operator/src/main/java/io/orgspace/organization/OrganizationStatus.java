package io.orgspace.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.orgspace.common.ResourceStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrganizationStatus extends ResourceStatus {
  @JsonPropertyDescription("The organization's home namespace.")
  public String namespace;
}
