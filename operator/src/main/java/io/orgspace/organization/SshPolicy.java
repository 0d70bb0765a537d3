package io.orgspace.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.orgspace.common.Validation;

/** The organization's SSH certificate policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SshPolicy {
  @Default("16h")
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('5m') && duration(self) <= duration('168h')",
      message = "certificateTtl must be between 5m and 168h")
  @JsonPropertyDescription("Lifetime of issued user certificates (5m to 168h, default 16h).")
  public String certificateTtl = "16h";

  @JsonPropertyDescription("Whether certificates permit port forwarding.")
  public Boolean permitPortForwarding;
}
