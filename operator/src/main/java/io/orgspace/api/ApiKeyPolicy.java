package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Limits on the organization's API keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeyPolicy {
  @Default("720h")
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('10m') && duration(self) <= duration('8760h')",
      message = "maxLifetime must be between 10m and 8760h")
  @JsonPropertyDescription("Longest lifetime an ApiKey of this organization may ask for (default 720h).")
  public String maxLifetime = "720h";
}
