package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentStatus extends ResourceStatus {
  @JsonPropertyDescription("Where the environment is served.")
  public String url;

  @JsonPropertyDescription("The environment's own namespace.")
  public String namespace;

  @JsonPropertyDescription("The host this environment claims.")
  public String host;

  @JsonPropertyDescription("When this environment first claimed its host (RFC 3339): the earliest claim serves it.")
  public String hostClaimedAt;

  @JsonPropertyDescription("When the environment will be deleted (RFC 3339); absent: it lives until deleted.")
  public String expiresAt;

  @JsonPropertyDescription("The pull request head SHA the operator last saw.")
  public String headSha;

  @JsonPropertyDescription("When the operator first saw that head SHA (RFC 3339): a preview's ttl and hibernateAfter"
      + " count from it.")
  public String lastPushAt;

  @JsonPropertyDescription("Since when the preview is scaled to zero for want of pushes (RFC 3339); absent: awake.")
  public String hibernatedAt;

  @JsonPropertyDescription("The workload's latest rollout and how long it took to become available.")
  public RolloutStatus rollout;
}
