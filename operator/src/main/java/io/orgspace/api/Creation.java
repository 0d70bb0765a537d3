package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who created an object, and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Creation {
  @JsonPropertyDescription("The user the API server stamped in orgspace.io/created-by.")
  public String by;

  @JsonPropertyDescription("metadata.creationTimestamp (RFC 3339).")
  public String at;

  public Creation() {}

  public Creation(String by, String at) {
    this.by = by;
    this.at = at;
  }
}
