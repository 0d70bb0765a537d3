package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What every Orgspace status reports: the generation it describes and its conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {
  @JsonPropertyDescription("The .metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready and other conditions.")
  public List<Condition> conditions;
}
