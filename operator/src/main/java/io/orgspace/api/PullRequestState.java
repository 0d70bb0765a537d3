package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The last event the webhook applied for one pull request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PullRequestState {
  @Required
  @JsonPropertyDescription("Pull (merge) request number.")
  public Long number;

  @Required
  @Size(max = 64)
  @JsonPropertyDescription("The provider's updated_at of the last event applied (RFC 3339, UTC).")
  public String updatedAt;

  @Size(max = 64)
  @JsonPropertyDescription("Set when that event closed or merged the pull request: when the webhook recorded it.")
  public String closedAt;

  public PullRequestState() {}

  public PullRequestState(long number, String updatedAt, String closedAt) {
    this.number = number;
    this.updatedAt = updatedAt;
    this.closedAt = closedAt;
  }
}
