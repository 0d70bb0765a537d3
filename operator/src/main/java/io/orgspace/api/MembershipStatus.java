package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MembershipStatus extends ResourceStatus {
  @JsonPropertyDescription("How many namespaces of the organization bind this member.")
  public Integer boundNamespaces;

  @JsonPropertyDescription("SSH certificates issued for the member's keys.")
  public java.util.List<IssuedCertificate> sshCertificates;
}
