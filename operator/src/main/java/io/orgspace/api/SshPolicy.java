package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

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

  @Default("1h")
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) <= duration('168h')", message = "caRotationOverlap must be at most 168h")
  @JsonPropertyDescription("After a CA rotation, how long the previous CA stays trusted (default 1h).")
  public String caRotationOverlap = "1h";

  @Size(max = 63)
  @JsonPropertyDescription("Set or change to any value (a date, say) to rotate the CA: a new CA signs from then on, the previous one stays trusted for caRotationOverlap.")
  public String caRotation;
}
