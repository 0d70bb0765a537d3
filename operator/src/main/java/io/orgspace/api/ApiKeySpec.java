package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.rotationPeriod) || duration(self.rotationPeriod) < duration(self.lifetime)",
    message = "rotationPeriod must be shorter than lifetime")
public class ApiKeySpec {
  @Required
  @JsonPropertyDescription("The role the key acts with: Owner, Developer, Support or Manager.")
  public Role scope;

  @Default("24h")
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('10m') && duration(self) <= duration('8760h')",
      message = "lifetime must be between 10m and 8760h")
  @JsonPropertyDescription("Lifetime of each token (10m to 8760h, default 24h; capped by the organization's policy).")
  public String lifetime = "24h";

  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('5m')", message = "rotationPeriod must be at least 5m")
  @JsonPropertyDescription("Issue a new token this often (default: at 2/3 of the lifetime).")
  public String rotationPeriod;

  @Default("false")
  @JsonPropertyDescription("When true, every token of the key stops working at once.")
  public Boolean revoked = Boolean.FALSE;

  @Size(max = 256)
  @ValidationRule(value = Validation.CEL_NO_CONTROL, message = "description must not contain control characters")
  @JsonPropertyDescription("What the key is for.")
  public String description;

  @Size(max = 64)
  @Pattern(Validation.RFC3339)
  @ValidationRule(value = Validation.CEL_TIMESTAMP, message = "expiresAt must be an RFC 3339 time, e.g. 2026-12-31T23:00:00Z")
  @JsonPropertyDescription("When the key itself ends (RFC 3339): no token is issued past it, and its tokens stop working then.")
  public String expiresAt;
}
