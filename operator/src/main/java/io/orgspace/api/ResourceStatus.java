package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Set;

/** What every Orgspace status reports: the generation it describes and its conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {
  @JsonPropertyDescription("The .metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready and other conditions.")
  public List<Condition> conditions;

  /**
   * The fields of this status another writer owns with its own server-side apply field manager
   * (e.g. the webhook's memory on a Project): the controller leaves them out of what it applies,
   * so they are kept, and out of its comparison, so they never cause a write. Not a property.
   */
  public Set<String> fieldsWrittenElsewhere() {
    return Set.of();
  }
}
