package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * Bounds the platform sets on an organization; only a platform administrator may set them (the
 * {@code set-limits} verb). What is left out falls back to the operator's defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrganizationLimits {
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("How many Environments the organization may have; further ones get no namespace"
      + " (Ready=False, reason LimitExceeded).")
  public Integer maxEnvironments;

  @Size(max = 32)
  @ValidationRule(value = Validation.CEL_QUOTA_KEYS, message = Validation.QUOTA_KEYS_MESSAGE)
  @ValidationRule(value = Validation.CEL_QUANTITIES, message = "quota values must be quantities, e.g. 2, 500m, 4Gi")
  @JsonPropertyDescription("Highest ResourceQuota hard value per environment namespace, per resource; a quota asking"
      + " more is refused (LimitExceeded), one leaving a resource out gets this value.")
  public Map<String, @Size(max = 32) String> maxQuota;

  @JsonPropertyDescription("Whether the organization may switch its environments' network isolation off.")
  public Boolean allowIsolationRelaxed;
}
