package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BasicAuth {
  @JsonPropertyDescription("Protect the environment's host with HTTP basic auth.")
  public Boolean enabled;

  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Secret (keys username and password) to use instead of generated credentials.")
  public String secretName;
}
