package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PullRequest {
  /** The largest number the schema takes (its namespace pr-<n> and host label stay short). */
  public static final long MAX_NUMBER = 999_999_999L;

  @Required
  @Min(1)
  @Max(999999999)
  @JsonPropertyDescription("Pull (merge) request number, 1 or more.")
  public Long number;

  @Pattern(Validation.GIT_SHA)
  @JsonPropertyDescription("Head commit SHA the environment runs.")
  public String headSha;

  @Size(max = 255)
  @JsonPropertyDescription("Source branch of the pull request.")
  public String branch;
}
