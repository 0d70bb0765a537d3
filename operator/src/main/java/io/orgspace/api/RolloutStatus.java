package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The environment workload's latest rollout: when it started and how long it took to become available. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {
  @JsonPropertyDescription("The .metadata.generation of the environment's Deployment this rollout brings out.")
  public Long deploymentGeneration;

  @JsonPropertyDescription("When the rollout started (RFC 3339): the Deployment was created or its spec changed.")
  public String startedAt;

  @JsonPropertyDescription("When the workload first became available at this generation (RFC 3339); absent until then.")
  public String availableAt;

  @JsonPropertyDescription("Seconds from startedAt to availableAt; absent until the workload is available.")
  public Long seconds;

  public RolloutStatus() {}

  public RolloutStatus(Long deploymentGeneration, String startedAt, String availableAt, Long seconds) {
    this.deploymentGeneration = deploymentGeneration;
    this.startedAt = startedAt;
    this.availableAt = availableAt;
    this.seconds = seconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RolloutStatus r && Objects.equals(deploymentGeneration, r.deploymentGeneration)
        && Objects.equals(startedAt, r.startedAt) && Objects.equals(availableAt, r.availableAt)
        && Objects.equals(seconds, r.seconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deploymentGeneration, startedAt, availableAt, seconds);
  }
}
