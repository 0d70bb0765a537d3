package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every Orgspace status reports: the generation it describes and its conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {
  @JsonPropertyDescription("The .metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready and other conditions.")
  public List<Condition> conditions;

  @JsonPropertyDescription("Who created the object (from orgspace.io/created-by) and when.")
  public Creation createdBy;

  @JsonPropertyDescription("The last spec changes, newest last; at most " + MAX_CHANGES + " are kept.")
  @Size(max = MAX_CHANGES)
  public List<Change> changes;

  @JsonPropertyDescription("A digest of each top-level spec field at the last recorded change: what lets the next"
      + " change name the fields it touched.")
  public Map<String, String> specDigests;

  /** How many spec changes {@link #changes} keeps. */
  public static final int MAX_CHANGES = 10;

  /**
   * The fields of this status another writer owns with its own server-side apply field manager
   * (e.g. the webhook's memory on a Project): the controller leaves them out of what it applies,
   * so they are kept, and out of its comparison, so they never cause a write. Not a property.
   */
  public Set<String> fieldsWrittenElsewhere() {
    return Set.of();
  }
}
