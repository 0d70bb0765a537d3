package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Health probes of every environment's application container; without them a pod is ready once it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthProbes {
  @JsonPropertyDescription("While it fails, the pod gets no traffic (and a rollout waits for it).")
  public HttpProbe readiness;

  @JsonPropertyDescription("When it fails failureThreshold times in a row, the container is restarted.")
  public HttpProbe liveness;
}
