package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** When the organization first claimed one of its domains: the earliest claim holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DomainHold {
  @JsonPropertyDescription("The domain, as in spec.domains.")
  public String name;

  @JsonPropertyDescription("When the operator first saw the organization claim it (RFC 3339); kept while the domain stays in spec.domains.")
  public String heldSince;

  @JsonPropertyDescription("True when the organization holds it; false while another organization's earlier claim on it,"
      + " or on a domain overlapping it, holds it.")
  public Boolean granted;

  public DomainHold() {}

  public DomainHold(String name, String heldSince, Boolean granted) {
    this.name = name;
    this.heldSince = heldSince;
    this.granted = granted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DomainHold other && java.util.Objects.equals(name, other.name)
        && java.util.Objects.equals(heldSince, other.heldSince) && java.util.Objects.equals(granted, other.granted);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, heldSince, granted);
  }
}
