package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One recorded change of an object's spec: a generation, who made it, when, and what it touched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Change {
  @JsonPropertyDescription("The .metadata.generation the change produced.")
  public Long generation;

  @JsonPropertyDescription("Who made it, as the API server stamped it in orgspace.io/changed-by (absent when the"
      + " cluster does not stamp).")
  public String by;

  @JsonPropertyDescription("When the operator observed the new generation (RFC 3339).")
  public String at;

  @JsonPropertyDescription("The top-level spec fields the change set, changed or removed.")
  public List<String> fields;

  @JsonPropertyDescription("For a change made from a forge's webhook: the pull request's author, the delivery's"
      + " sender, the forge and the pull request's URL.")
  public ForgeActor forge;

  public Change() {}

  public Change(Long generation, String by, String at, List<String> fields, ForgeActor forge) {
    this.generation = generation;
    this.by = by;
    this.at = at;
    this.fields = fields;
    this.forge = forge;
  }
}
