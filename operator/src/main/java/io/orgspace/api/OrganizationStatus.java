package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrganizationStatus extends ResourceStatus {
  @JsonPropertyDescription("The organization's home namespace.")
  public String namespace;

  @JsonPropertyDescription("How many namespaces the organization has (home and environments).")
  public Integer namespaceCount;

  @JsonPropertyDescription("How many Memberships grant a role.")
  public Integer memberCount;

  @JsonPropertyDescription("Who holds which role, from owners, SSO mappings, Memberships and API keys.")
  public List<RoleHolders> access;

  @JsonPropertyDescription("The organization's claims on its domains: since when, and whether it holds each.")
  public List<DomainHold> domains;

  @JsonPropertyDescription("The organization's SSH user certificate authority.")
  public SshAuthorityStatus ssh;
}
