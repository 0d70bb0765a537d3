package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Quotas and limits applied to environment namespaces unless their project says otherwise. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DefaultsSpec {
  @Size(max = 32)
  @ValidationRule(value = Validation.CEL_QUOTA_KEYS, message = Validation.QUOTA_KEYS_MESSAGE)
  @ValidationRule(value = Validation.CEL_QUANTITIES, message = "quota values must be quantities, e.g. 2, 500m, 4Gi")
  @JsonPropertyDescription("ResourceQuota hard limits per environment namespace, e.g. {requests.cpu: \"2\", pods: \"20\"}.")
  public Map<String, @Size(max = 32) String> quota;

  @Size(max = 16)
  @ValidationRule(value = Validation.CEL_CONTAINER_RESOURCE_KEYS,
      message = "limit keys must be container resource names, e.g. cpu, memory, nvidia.com/gpu")
  @ValidationRule(value = Validation.CEL_QUANTITIES, message = "limit values must be quantities, e.g. 500m, 512Mi")
  @JsonPropertyDescription("Default container limits (LimitRange), e.g. {cpu: 500m, memory: 512Mi}.")
  public Map<String, @Size(max = 32) String> containerLimits;

  @Size(max = 16)
  @ValidationRule(value = Validation.CEL_CONTAINER_RESOURCE_KEYS,
      message = "request keys must be container resource names, e.g. cpu, memory, nvidia.com/gpu")
  @ValidationRule(value = Validation.CEL_QUANTITIES, message = "request values must be quantities, e.g. 50m, 64Mi")
  @JsonPropertyDescription("Default container requests (LimitRange), e.g. {cpu: 50m, memory: 64Mi}.")
  public Map<String, @Size(max = 32) String> containerRequests;
}
